/** `crowdagg aggregate --help`. */
export const AGGREGATE_HELP = `Usage: crowdagg aggregate <file|-> [options]

Aggregates a file of answers (one row per worker's answer to a task) into one
label per task with a confidence, locally. Reads TSV/CSV with a header, JSONL,
or Toloka's results export; gzip input is detected by its magic bytes. Use "-"
for stdin. Results go to stdout (or --out); diagnostics go to stderr.

Input:
  --input-format <f>     tsv | csv | jsonl | toloka (default: from the name, then the content)
  --worker-col <name>    worker column or JSONL key (default: worker)
  --task-col <name>      task column or JSONL key (default: task)
  --label-col <name>     label column or JSONL key (default: label)
  --fields <a,b>         output fields to aggregate; several are aggregated jointly.
                         Toloka: names after OUTPUT: (default: every OUTPUT: column);
                         TSV/CSV/JSONL: columns that replace --label-col
  --labels <a,b,c>       the label options in order (default: the labels seen, numbers
                         numerically first): fixes posterior columns and tie order;
                         any other label is a bad row
  --on-bad-row <p>       error | skip | warn (default: error). Errors read file:line: reason

Method:
  --method <name>        aggregation method (default: dawid-skene)
  --iterations <n>       iteration cap of iterative methods
  --tol <x>              convergence tolerance
  --seed <n>             seed for anything random (default: 0)
  --ties <p>             first | random: tie policy (default: first = first label in order)
  --stopping <rule>      stopping rule, where the method has one (e.g. likelihood | crowdkit)
  --restarts <n>         restarts, where the method has them
  -O, --option <k=v>     any other method option by its name (repeatable), e.g. -O lrInit=0.5
  --skills <file>        worker skills (columns worker, skill) for weighted methods
  --on-missing-skill <p> error | ignore | value: a worker with no skill (ignore drops
                         their answers, value uses --default-skill)
  --default-skill <x>    skill used under --on-missing-skill value

Output:
  -o, --out <file>       write results here instead of stdout
  --format <f>           tsv | csv | json | jsonl (default: from --out's name, else tsv)
  --posteriors           add one posterior column per label
  --workers <file>       write worker parameters (.json: nested; else TSV)
  --golden <file>        golden labels (columns task, label; or task + one column per field):
                         prints accuracy and per-class figures to stderr
  --report <file>        write a JSON report (input counts, method, iterations, accuracy)
  -q, --quiet            no progress bar, no summary on stderr
  -h, --help             this help

Examples:
  crowdagg aggregate answers.tsv > labels.tsv
  crowdagg aggregate answers.csv --method majority-vote --format json | jq '.[0]'
  zcat export.tsv.gz | crowdagg aggregate - --fields result --golden golden.tsv --report report.json
`;
