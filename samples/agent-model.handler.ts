import { decide, type ModelRequest } from "./agent-model";

/** A plain (not durable) Lambda handler: the agent sample invokes it once per turn. */
export const handler = async (event: ModelRequest) => decide(event);
