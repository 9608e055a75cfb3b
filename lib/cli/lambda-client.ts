import { LambdaClient } from "@aws-sdk/client-lambda";

export const ENDPOINT_HELP = `--endpoint URL: the service; default AWS_ENDPOINT_URL_LAMBDA, else a local service at http://127.0.0.1:9014.
  --endpoint aws uses AWS itself, with your AWS credentials and region.`;

/** A client for the local service (placeholder credentials) or, with endpoint "aws", for AWS. */
export function lambdaClient(endpointOption: string | undefined, region?: string): LambdaClient {
  const endpoint = endpointOption ?? process.env.AWS_ENDPOINT_URL_LAMBDA ?? "http://127.0.0.1:9014";
  if (endpoint === "aws") return new LambdaClient(region === undefined ? {} : { region });
  return new LambdaClient({
    endpoint,
    region: region ?? process.env.AWS_REGION ?? "us-east-1",
    credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? "local", secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? "local" },
  });
}

/** The region in an execution ARN (arn:aws:lambda:REGION:...). */
export function regionOf(executionArn: string): string | undefined {
  return /^arn:[^:]+:lambda:([^:]+):/.exec(executionArn)?.[1];
}
