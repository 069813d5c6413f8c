const CONNECTION = `Connection (every remote command):
  --env <name>           production | sandbox (Toloka)
  --url <url>            host root of a Toloka-compatible server, e.g. http://127.0.0.1:8787
  --token <token>        API token; default: $CROWDAGG_TOKEN, then $TOLOKA_TOKEN. Never printed.
  --timeout <s>          per-request timeout in seconds (default 10)
  --retries <n>          retries of a failed request (default 3, with toloka-kit's 4 s, 8 s … backoff)
  -q, --quiet            no progress on stderr
  -h, --help             this help`;

const OUTPUT = `Output:
  -o, --out <file>       write results here instead of stdout
  --format <f>           tsv | csv | json | jsonl (default: from --out's name, else tsv)`;

const REQUEST = `Request:
  --pool <id>            pool id (required)
  --fields <a,b>         output fields to aggregate (required)
  --skill-id <id>        answer weight skill: selects WEIGHTED_DYNAMIC_OVERLAP
  --type <t>             WEIGHTED_DYNAMIC_OVERLAP | DAWID_SKENE (default: WDO with --skill-id, else DS)`;

/** Help of `crowdagg remote` and its subcommands, by subcommand ('' for the group). */
export const REMOTE_HELP: Readonly<Record<string, string>> = {
  '': `Usage: crowdagg remote <command> [options]

Calls the aggregated-solutions API of Toloka or of a crowdagg-server.

Commands:
  aggregate-task         aggregate one task now and print the answer
  aggregate-pool         start aggregating a pool; --wait follows it and prints the results
  operation <id>         print an operation as JSON
  results <operationId>  print the results of a finished pool aggregation

${CONNECTION}

Examples:
  crowdagg remote aggregate-pool --env sandbox --pool 123 --fields result --wait > labels.tsv
  crowdagg remote operation 5530b051-0000-0000-0000-000000000000 --url http://127.0.0.1:8787
`,
  'aggregate-task': `Usage: crowdagg remote aggregate-task --pool <id> --task <id> --fields <a,b> [options]

Aggregates the accepted answers of one task (synchronous) and prints one row:
task, the field value(s), confidence.

${REQUEST}
  --task <id>            task id (required)

${OUTPUT}

${CONNECTION}

Example:
  crowdagg remote aggregate-task --url http://127.0.0.1:8787 --pool 1 --task t1 --fields result --skill-id 7
`,
  'aggregate-pool': `Usage: crowdagg remote aggregate-pool --pool <id> --fields <a,b> [--wait] [options]

Starts aggregating every task of a pool. Without --wait, prints the operation
as JSON. With --wait, shows its progress on stderr and then prints the results
as "crowdagg aggregate" does (task, value(s), confidence).

${REQUEST}
  --wait                 wait for the operation and print the results
  --wait-timeout <s>     give up waiting after this many seconds (default 600)
  --batch-size <n>       results per page when printing them (default 1000)

${OUTPUT}

${CONNECTION}

Example:
  crowdagg remote aggregate-pool --env production --pool 36502086 --fields result --wait --format json | jq length
`,
  operation: `Usage: crowdagg remote operation <id> [options]

Prints one operation (status, progress, timestamps) as JSON.

${CONNECTION}

Example:
  crowdagg remote operation 5530b051-0000-0000-0000-000000000000 --env sandbox | jq -r .status
`,
  results: `Usage: crowdagg remote results <operationId> [options]

Prints every result of a finished pool aggregation, paging by task id.

  --fields <a,b>         columns to print (default: the output fields of the first result)
  --batch-size <n>       results per page (default 1000)

${OUTPUT}

${CONNECTION}

Example:
  crowdagg remote results 5530b051-0000-0000-0000-000000000000 --url http://127.0.0.1:8787 --format csv
`,
};
