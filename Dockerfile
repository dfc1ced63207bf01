# Qixi Studio on an NVIDIA GPU. Build: docker build -t qixi-studio .
# Run:   docker run --gpus all -p 7860:7860 -e QIXI_PASSWORD=choose-one -v $PWD/workspace:/workspace qixi-studio
FROM nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

ENV DEBIAN_FRONTEND=noninteractive PIP_NO_CACHE_DIR=1 PYTHONUNBUFFERED=1 \
    QIXI_HOME=/workspace GRADIO_ANALYTICS_ENABLED=False
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-venv python3-pip \
    && rm -rf /var/lib/apt/lists/*
RUN python3 -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app
COPY pyproject.toml README.md app.py ./
COPY studio ./studio
COPY presets ./presets
COPY assets ./assets
# Editable: the studio reads presets/ and assets/ from this folder.
# EXTRAS adds optional back ends and exports (pyproject.toml), e.g.
#   docker build --build-arg EXTRAS=vllm,awq,gptq,deepspeed -t qixi-studio .
ARG EXTRAS=""
# The awq and gptq extras bring gptqmodel, whose dependency pypcre is published as source only (a C extension
# over the system's PCRE2): building it needs a compiler and Python's headers.
RUN case "$EXTRAS" in *awq*|*gptq*) apt-get update && apt-get install -y --no-install-recommends build-essential \
        python3-dev libpcre2-dev && rm -rf /var/lib/apt/lists/* ;; esac
RUN pip install "torch>=2.4,<2.15" && pip install -e ".${EXTRAS:+[$EXTRAS]}"

# Listening beyond loopback inside the container: the studio refuses to start without a password,
# so QIXI_PASSWORD must be given at `docker run`.
EXPOSE 7860
VOLUME /workspace
CMD ["qixi", "serve", "--host", "0.0.0.0", "--port", "7860"]
