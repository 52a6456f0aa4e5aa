// The environment the pull request's server process starts with: the runner's, less every secret the runner
// hands this step. server-command runs code from the pull request, whose author is not trusted (fork PRs).
/** Variables the runner sets that grant access: the step's inputs (github-token among them) and its tokens. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /^INPUT_/i,
  /^ACTIONS_RUNTIME_/i,
  /^ACTIONS_ID_TOKEN_REQUEST_/i,
  /^ACTIONS_CACHE_URL$/i,
  /^ACTIONS_RESULTS_URL$/i,
  /^GITHUB_TOKEN$/i,
  /^GH_TOKEN$/i,
];

export function serverEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !SECRET_PATTERNS.some((pattern) => pattern.test(name))));
}
