import { durableHandler } from "durable-gen";
import { exportWorkflow } from "./polling";

export const handler = durableHandler(exportWorkflow);
