/** `crowdagg import --help`. */
export const IMPORT_HELP = `Usage: crowdagg import <file|-> --url <server> (--pool <id> | --create-pool …) [options]

Loads a file of answers into a running crowdagg-server: one task per task id
and one ACCEPTED assignment per answer (worker, task). Ids are derived from the
input (task id = --id-prefix + the file's task id; assignment id = a hash of
pool, task, worker and the answer's occurrence), so running the same import
again changes nothing and an interrupted import resumes where it stopped.
Prints a JSON summary (project_id, pool_id, skill_id, counts) on stdout.

Target:
  --url <url>            crowdagg-server host root, e.g. http://127.0.0.1:8787 (required)
  --token <token>        API token; default: $CROWDAGG_TOKEN, then $TOLOKA_TOKEN. Never printed.
  --pool <id>            an existing pool to load into
  --create-pool          create a new pool (in --project, or in a new project with --create-project)
  --create-project       create a project whose output spec lists the labels seen
  --project <id>         existing project for --create-pool
  --name <text>          name of created project/pool (default: the file name)
  --id-prefix <p>        prefix of task ids, to load one file into several pools (default: none)
  --batch-size <n>       tasks/assignments per request (default 1000)
  --timeout <s>          per-request timeout in seconds (default 10)
  --retries <n>          retries of a failed request (default 3)

Skills (for WEIGHTED_DYNAMIC_OVERLAP):
  --skills <file>        worker skills (columns worker, skill; Toloka's 0–100 scale)
  --skill-id <id>        the skill to set, or
  --create-skill <name>  create a skill with this name and set it

Input (as in crowdagg aggregate):
  --input-format <f>     tsv | csv | jsonl | toloka
  --worker-col, --task-col, --label-col <name>, --fields <a,b>, --on-bad-row <p>
  -q, --quiet            no progress on stderr
  -h, --help             this help

Example:
  crowdagg import answers.tsv --url http://127.0.0.1:8787 --create-project --create-pool \\
    --skills skills.tsv --create-skill accuracy | jq -r .pool_id
`;
