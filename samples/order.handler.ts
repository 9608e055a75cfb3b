import { durableHandler } from "../lib/index";
import { orderWorkflow } from "./order";

export const handler = durableHandler(orderWorkflow);
