import { durableHandler } from "durable-gen";
import { orderWorkflow } from "./order";

export const handler = durableHandler(orderWorkflow);
