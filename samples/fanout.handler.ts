import { durableHandler } from "durable-gen";
import { invoicesWorkflow } from "./fanout";

export const handler = durableHandler(invoicesWorkflow);
