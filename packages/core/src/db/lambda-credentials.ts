import { fromEnv } from "@aws-sdk/credential-provider-env";

/**
 * What the Lambda bundles get in place of `@aws-sdk/credential-provider-node` (infra/bundle.ts, LAMBDA_CREDENTIALS): the
 * SDK clients call `defaultProvider(config)` when they are given no credentials, and in Lambda the function's
 * role credentials are in the environment. Without them a call fails with the environment provider's own error
 * ("Unable to find environment variable credentials"), rather than going on to look for files and metadata
 * endpoints a function does not have.
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
