import { CheckpointDurableExecutionCommand, GetDurableExecutionStateCommand, type LambdaClient } from "@aws-sdk/client-lambda";
import type { DurablePort } from "../../interpreter/port";
import type { ExecutionState, Operation, OperationUpdate } from "../../interpreter/wire";
import { LIMITS } from "../../interpreter/wire";

/** The interpreter's port over client-lambda: AWS, or the local service through AWS_ENDPOINT_URL_LAMBDA. */
export function awsPort(client: LambdaClient, executionArn: string): DurablePort {
  return {
    async checkpoint(checkpointToken: string, updates: OperationUpdate[]) {
      const response = await client.send(
        new CheckpointDurableExecutionCommand({ DurableExecutionArn: executionArn, CheckpointToken: checkpointToken, Updates: updates }),
      );
      return { CheckpointToken: response.CheckpointToken, NewExecutionState: response.NewExecutionState as ExecutionState | undefined };
    },
    async getState(checkpointToken: string, marker: string) {
      const response = await client.send(
        new GetDurableExecutionStateCommand({ DurableExecutionArn: executionArn, CheckpointToken: checkpointToken, Marker: marker, MaxItems: LIMITS.statePageSize }),
      );
      return { Operations: (response.Operations ?? []) as Operation[], NextMarker: response.NextMarker };
    },
  };
}
