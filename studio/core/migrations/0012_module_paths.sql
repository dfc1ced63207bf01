-- The studio's modules moved into domain packages (studio.chat, studio.models, ...). A job's argv is kept as
-- launched, and a queued or restarted job runs it again, so the module names it holds move with them.
UPDATE jobs SET argv = replace(argv, '"studio.gateway"', '"studio.chat.gateway"') WHERE argv LIKE '%"studio.gateway"%';
UPDATE jobs SET argv = replace(argv, '"studio.candidates"', '"studio.annotate.candidates"') WHERE argv LIKE '%"studio.candidates"%';
UPDATE jobs SET argv = replace(argv, '"studio.models"', '"studio.models.registry"') WHERE argv LIKE '%"studio.models"%';
UPDATE jobs SET argv = replace(argv, '"studio.pocket"', '"studio.models.pocket"') WHERE argv LIKE '%"studio.pocket"%';
UPDATE jobs SET argv = replace(argv, '"studio.evaluate"', '"studio.training.evaluate"') WHERE argv LIKE '%"studio.evaluate"%';
UPDATE jobs SET argv = replace(argv, '"studio.guard_judge"', '"studio.chat.guard_judge"') WHERE argv LIKE '%"studio.guard_judge"%';
