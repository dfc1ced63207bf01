-- The studio's modules moved into domain packages, and every job that runs the studio's own code now starts
-- through one entry point, `python -m studio.jobs.body KIND ARG…` (studio/jobs/body.py). A job's argv is kept
-- as launched and a queued job runs it later, so the commands in the table move with them.
UPDATE jobs SET argv = replace(argv, '"studio.gateway"', '"studio.jobs.body", "deploy"')
    WHERE argv LIKE '%"studio.gateway"%';
UPDATE jobs SET argv = replace(argv, '"studio.candidates", "run"', '"studio.jobs.body", "generate"')
    WHERE argv LIKE '%"studio.candidates", "run"%';
UPDATE jobs SET argv = replace(argv, '"studio.models", "run-export"', '"studio.jobs.body", "' || kind || '"')
    WHERE argv LIKE '%"studio.models", "run-export"%';
UPDATE jobs SET argv = replace(argv, '"studio.pocket", "build"', '"studio.jobs.body", "build-pocket"')
    WHERE argv LIKE '%"studio.pocket", "build"%';
UPDATE jobs SET argv = replace(argv, '"studio.evaluate", "pairs"', '"studio.jobs.body", "eval"')
    WHERE argv LIKE '%"studio.evaluate", "pairs"%';
