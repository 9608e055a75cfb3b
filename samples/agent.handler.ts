import { durableHandler } from "durable-gen";
import { agentWorkflow } from "./agent";

export const handler = durableHandler(agentWorkflow);
