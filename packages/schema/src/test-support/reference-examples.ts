/**
 * JSON bodies documented in the API reference (Toloka's examples) and the
 * bodies toloka-kit was seen to send. Each is used as an input fixture.
 */

/** Aggregate-by-task request of the per-method reference page (string ids). */
export const byTaskRequestSeed = {
  task_id: 'afd1234d-12314a-cfd1424d-31214b',
  pool_id: '283',
  type: 'WEIGHTED_DYNAMIC_OVERLAP',
  answer_weight_skill_id: '1289',
  fields: [{ name: 'result' }],
};

/** Its response. */
export const byTaskResponseSeed = {
  confidence: 0.937152,
  output_values: { result: 'OK' },
  pool_id: '283',
  task_id: 'afd1234d-12314a-cfd1424d-31214b',
};

/** The OpenAPI example of one aggregated solution (numeric-looking string pool id). */
export const aggregatedSolutionOas = {
  confidence: 0.937152,
  output_values: { result: 'OK' },
  pool_id: '1491600',
  task_id: '000016c290--64382dfc97aa9547ff8a2299',
};

/** The SDK tests' aggregated solution: confidence 0.42, a boolean value. */
export const aggregatedSolutionSdkTests = {
  pool_id: '21',
  task_id: 'qwerty-123',
  confidence: 0.42,
  output_values: { out1: true },
};

/** OpenAPI by-pool (and by-task) example bodies: they carry `task_id`, and the DS one a bare-number pool id. */
export const byPoolRequestDsOas = {
  type: 'DAWID_SKENE',
  pool_id: 1491600,
  task_id: '000016c290--64382dfc97aa9547ff8a2299',
  fields: [{ name: 'result' }],
};

/** WDO form of the shared OpenAPI example. */
export const byPoolRequestWdoOas = {
  type: 'WEIGHTED_DYNAMIC_OVERLAP',
  pool_id: '1238218',
  task_id: '000012e4ca--62e97a75dbab805456309d81',
  fields: [{ name: 'result' }],
  answer_weight_skill_id: '12648',
};

/** 202 answer of a DS by-pool call (RUNNING). */
export const byPoolOperationDs = {
  id: '5530b051-f9b1-445c-b54c-ac56f9b09ada',
  type: 'SOLUTION.AGGREGATE',
  status: 'RUNNING',
  submitted: '2023-04-13T16:39:12.422',
  started: '2023-04-13T16:39:12.478',
  progress: 0,
  parameters: {
    pool_id: '1491600',
    algorithm: 'DAWID_SKENE',
    pool_name: 'Image classification',
    project_id: '133047',
    input_fields: ['image'],
    requester_id: '6c6e20dc86cca2ae787afcb2629de162',
    missing_output_fields: [],
    aggregated_output_fields: ['result'],
  },
  details: {},
};

/** 202 answer of a WDO by-pool call (PENDING, numeric skill id in parameters, no `details`). */
export const byPoolOperationWdo = {
  id: '430fa011-6053-4664-b0b7-0c4e50ea91ed',
  type: 'SOLUTION.AGGREGATE',
  status: 'PENDING',
  submitted: '2023-04-13T16:37:58.126',
  progress: 0,
  parameters: {
    pool_id: '1491600',
    algorithm: 'WEIGHTED_DYNAMIC_OVERLAP',
    pool_name: 'Image classification',
    project_id: '133047',
    requester_id: '6c6e20dc86cca2ae787afcb2629de162',
    aggregated_fields: [{ name: 'result' }],
    answer_weight_skill_id: 12648,
  },
};

/** A finished batch task creation that failed, without `progress`. */
export const taskBatchOperationFailed = {
  id: '26e130ad3652443a3dc5094791e48ef9',
  type: 'TASK.BATCH_CREATE',
  status: 'FAIL',
  submitted: '2015-12-13T23:32:01',
  started: '2015-12-13T23:33:00',
  finished: '2015-12-13T23:34:12',
  parameters: { allow_defaults: false, skip_invalid_items: false, open_pool: false },
  details: { total_count: 2, valid_count: 1, not_valid_count: 1, success_count: 0, failed_count: 2 },
};

/** A finished operation with progress 100. */
export const operationSucceeded = {
  id: '07700135-c34a-4df0-ae55-d44081dea432',
  type: 'ANALYTICS',
  status: 'SUCCESS',
  submitted: '2022-11-22T16:11:38.874',
  started: '2022-11-22T16:11:39.005',
  finished: '2022-11-22T16:11:39.633',
  progress: 100,
  parameters: { value: [{ name: 'completion_percentage', subject: 'POOL', subject_id: '36502086' }] },
  details: { value: [] },
};

/** A page of results. */
export const aggregatedSolutionPage = {
  items: [
    {
      confidence: 1,
      pool_id: '36502086',
      task_id: '00022cfa46--637cf3fb6e13181a0164e7e6',
      output_values: { result: 'cat' },
    },
  ],
  has_more: true,
};

/** Documented 409 body. */
export const errorInappropriateStatus = {
  request_id: '1a2b3c4d-0000-0000-0000-000000000000',
  code: 'INAPPROPRIATE_STATUS',
  message: 'Inappropriate status of the resource, operation is not allowed',
  payload: { appropriate_statuses: ['OPEN', 'CLOSED'] },
};

/** A stored worker skill. */
export const userSkill = {
  id: '1813606616',
  skill_id: '37825',
  user_id: '23c3835c9bbe4ec5418f7ef28c7ff5fb',
  value: 100,
  exact_value: 100,
  created: '2022-01-25T09:21:58.854',
  modified: '2022-01-25T09:21:58.854',
};

/** A stored task with known and baseline solutions. */
export const taskWithSolutions = {
  id: '000248a756--6422ca21e5997032541d856b',
  created: '2023-03-28T11:06:09.827',
  pool_id: '38315862',
  input_values: { image_url: 'https://example.com/image1.jpg' },
  known_solutions: [
    { output_values: { result: 'OK', like: false }, correctness_weight: 0.8 },
    { output_values: { result: 'OK', like: true }, correctness_weight: 1 },
  ],
  baseline_solutions: [
    { output_values: { result: 'OK', like: false }, confidence_weight: 0.8 },
    { output_values: { result: 'OK', like: true }, confidence_weight: 1 },
  ],
  message_on_unknown_solution: 'The cat is in a good mood.',
  overlap: 3,
  infinite_overlap: false,
  remaining_overlap: 3,
  reserved_for: [],
  unavailable_for: [],
};

/** A batch creation answer: items keyed by input index, plus a rejected item. */
export const taskBatchResult = {
  items: {
    '0': {
      id: 'f432cac2-7184-47a3-8220-12ce362cb208',
      pool_id: '21',
      input_values: { image: 'http://images.com/1.png' },
      overlap: 3,
      created: '2016-09-29T18:04:00',
    },
  },
  validation_errors: {
    '1': { 'input_values.image': { code: 'VALUE_REQUIRED', message: 'Value must be present and not equal to null' } },
  },
};

/** An accepted assignment as Toloka returns it. */
export const acceptedAssignment = {
  id: '00022cfa46--637cf4098ccdeb4a260737de',
  task_suite_id: '00022cfa46--637cf4098ccdeb4a260737dc',
  pool_id: '36502086',
  user_id: 'd26d7d094e0dbb67ec46a269dc5dd15c',
  status: 'ACCEPTED',
  reward: 0.01,
  tasks: [
    {
      id: '00022cfa46--637cf3fb6e13181a0164e7e6',
      input_values: { image: 'https://example.com/image1.jpg' },
      pool_id: '36502086',
      overlap: 3,
      infinite_overlap: false,
      reserved_for: [],
      unavailable_for: [],
      created: '2022-11-22T16:08:27.575',
      remaining_overlap: 0,
    },
  ],
  solutions: [{ output_values: { result: 'cat' } }],
  mixed: true,
  automerged: false,
  created: '2022-11-22T16:08:41.802',
  submitted: '2022-11-22T16:09:08.603',
  accepted: '2022-11-22T16:09:08.603',
  owner: { id: '6c6e20dc86cca2ae787afcb2629de162', myself: true },
};

/** Toloka's documented pool bodies, trimmed: minimal, and with nested options and a minute-precision expiry. */
export const poolBodyMinimal = {
  project_id: '83859',
  private_name: 'First pool',
  will_expire: '2030-01-01T00:00:00.000Z',
  reward_per_assignment: 0.05,
  assignment_max_duration_seconds: 300,
  auto_accept_solutions: false,
  defaults: { default_overlap_for_new_task_suites: 1 },
};

/** See {@link poolBodyMinimal}. */
export const poolBodyExtended = {
  ...poolBodyMinimal,
  private_comment: 'This is my first pool',
  public_description: 'Pool description',
  may_contain_adult_content: false,
  will_expire: '2030-09-01T13:00',
  dynamic_pricing_config: { type: 'SKILL', skill_id: '1289', intervals: [{ from: 0, to: 60, reward_per_assignment: 0.03 }] },
  auto_accept_period_day: 7,
  auto_close_after_complete_delay_seconds: 60,
  assignments_issuing_config: { issue_task_suites_in_creation_order: false },
  filter: { and: [{ category: 'skill', key: 1124, operator: 'GT', value: 59.7 }] },
  quality_control: { captcha_frequency: 'LOW', configs: [{ collector_config: { type: 'ANSWER_COUNT' }, rules: [] }] },
  speed_quality_balance: { type: 'TOP_PERCENTAGE_BY_QUALITY', percent: 80 },
  dynamic_overlap_config: { type: 'BASIC', max_overlap: 5, min_confidence: 0.9, answer_weight_skill_id: '1289', fields: [{ name: 'result' }] },
  defaults: { default_overlap_for_new_task_suites: 3, default_overlap_for_new_tasks: 3 },
  mixer_config: {
    real_tasks_count: 6,
    golden_tasks_count: 1,
    training_tasks_count: 1,
    min_real_tasks_count: 2,
    force_last_assignment: true,
    mix_tasks_in_creation_order: true,
    shuffle_tasks_in_task_suite: false,
  },
  priority: 10,
};

/** Toloka's documented task body (a control task with baseline answers). */
export const taskBody = {
  pool_id: '1238218',
  input_values: { image_url: 'https://example.com/image_example.png' },
  known_solutions: [{ output_values: { result: 'OK', like: false }, correctness_weight: 0.8 }],
  baseline_solutions: [{ output_values: { result: 'OK', like: false }, confidence_weight: 0.8 }],
  message_on_unknown_solution: 'The cat is in a good mood.',
  infinite_overlap: false,
  reserved_for: [],
  unavailable_for: [],
};

/** Toloka's documented project body (trimmed): an upper-case field type and a full classic view spec. */
export const projectBody = {
  public_name: 'Elephant color',
  public_description: 'What color is the elephant in the picture?',
  public_instructions: '<p>Look at the picture and decide what color the elephant is.</p>',
  private_comment: 'My first project',
  task_spec: {
    input_spec: { image: { type: 'URL', required: true, hidden: false } },
    output_spec: { result: { type: 'string', required: true, hidden: false } },
    view_spec: {
      type: 'classic',
      assets: { script_urls: ['library1.js'] },
      markup: '<task interface code>',
      script: '<JavaScript code>',
      styles: '<CSS code>',
      settings: { showSkip: true, showTimer: true, showSubmit: true },
    },
  },
  assignments_issuing_type: 'AUTOMATED',
  assignments_automerge_enabled: false,
  max_active_assignments_count: 15,
  quality_control: { configs: [{ collector_config: { type: 'SKIPPED_IN_ROW_ASSIGNMENTS' }, rules: [] }] },
  localization_config: { default_language: 'EN' },
};

/** Toloka's documented skill body. */
export const skillBody = {
  name: 'Programmer',
  public_name: { EN: 'Programmer' },
  public_requester_description: { EN: 'You are an expert in programming languages' },
  private_comment: 'Got at least 5 right responses on control tasks',
  hidden: true,
  deprecated: false,
};

/** Toloka's documented user-skill body: a numeric skill id and a reason. */
export const userSkillBody = {
  skill_id: 11051,
  user_id: '1ad097faba0eff85a04fe30bc04d53db',
  value: 50,
  reason: 'High-quality performance of tasks',
};

/** Bodies toloka-kit sends (captured). */
export const tolokaKit = {
  createSkill: { name: 'Accuracy', hidden: true, public_requester_description: { EN: 'Share of correct answers' } },
  setUserSkillDecimal: { skill_id: '1', user_id: 'w1', value: 72.5 },
  setUserSkillInteger: { skill_id: '1', user_id: 'w2', value: 80 },
  createProject: {
    public_name: 'Cats or dogs',
    public_description: 'Say what the picture shows',
    public_instructions: 'Pick one answer.',
    private_comment: 'crowdagg test',
    task_spec: {
      input_spec: { id: { required: true, hidden: false, type: 'string' } },
      output_spec: { result: { required: true, hidden: false, allowed_values: ['cat', 'dog'], type: 'string' } },
      view_spec: { script: 'exports.Task = extend(TolokaHandlebarsTask, {});', markup: '{{id}}', styles: '', type: 'classic' },
    },
    assignments_issuing_type: 'AUTOMATED',
  },
  createPool: {
    project_id: '1',
    private_name: 'Pool 1',
    may_contain_adult_content: false,
    reward_per_assignment: 0.01,
    assignment_max_duration_seconds: 600,
    defaults: { default_overlap_for_new_task_suites: 0, default_overlap_for_new_tasks: 3 },
    will_expire: '2026-12-31T02:07:50.446078',
    quality_control: { configs: [] },
    dynamic_overlap_config: {
      type: 'BASIC',
      max_overlap: 5,
      min_confidence: 0.9,
      answer_weight_skill_id: '1',
      fields: [{ name: 'result' }],
    },
    mixer_config: { real_tasks_count: 1, golden_tasks_count: 0, training_tasks_count: 0 },
  },
  createTasksSync: [
    { input_values: { id: 't0' }, pool_id: '4' },
    { input_values: { id: 't1' }, pool_id: '4' },
  ],
  createTask: { input_values: { id: 't0' }, pool_id: '4' },
  createTasksAsync: [
    { input_values: { id: 't0' }, pool_id: '4', __item_idx: '0' },
    { input_values: { id: 't1' }, pool_id: '4', __item_idx: '1' },
  ],
  createTasksQuerySync: { operation_id: '6f1c2a0e-5b7d-4e8f-9a3b-2c1d0e9f8a7b', async_mode: 'false', allow_defaults: 'true' },
  createTasksQueryAsync: {
    operation_id: '6f1c2a0e-5b7d-4e8f-9a3b-2c1d0e9f8a7b',
    async_mode: 'true',
    allow_defaults: 'true',
    skip_invalid_items: 'false',
    open_pool: 'true',
  },
  operationLogItem: {
    type: 'TASK_CREATE',
    success: true,
    input: { input_values: { id: 't0' }, pool_id: '4', __item_idx: '0' },
    output: { task_id: '000000000001' },
  },
  aggregateByTask: {
    task_id: '000000000001',
    pool_id: '4',
    answer_weight_skill_id: '1',
    fields: [{ name: 'result' }],
    type: 'WEIGHTED_DYNAMIC_OVERLAP',
  },
  aggregateByPoolDs: { type: 'DAWID_SKENE', pool_id: '4', fields: [{ name: 'result' }] },
  aggregateByPoolWdo: { type: 'WEIGHTED_DYNAMIC_OVERLAP', pool_id: '4', answer_weight_skill_id: '1', fields: [{ name: 'result' }] },
  tasksAfterAsyncCreate: { pool_id: '4', id_gte: '000000000001', id_lte: '000000000002', sort: 'id' },
  tasksNextPage: { pool_id: '4', id_gt: '000000000001', id_lte: '000000000002', sort: 'id' },
  resultsFirstPage: { sort: 'task_id', limit: '100' },
  resultsNextPage: { task_id_gt: '000000000100', sort: 'task_id', limit: '100' },
  resultsNoBatchSize: { sort: 'task_id' },
  findResults: { task_id_gte: '000000000010', sort: '-task_id', limit: '2' },
  resultsLargeLimit: { sort: 'task_id', limit: '100000' },
};
