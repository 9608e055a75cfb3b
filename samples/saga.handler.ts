import { durableHandler } from "durable-gen";
import { tripWorkflow } from "./saga";

export const handler = durableHandler(tripWorkflow);
