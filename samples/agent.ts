import { child, invoke, step, workflow } from "durable-gen";
import type { ModelDecision, ModelRequest } from "./agent-model";

export interface AgentTask {
  goal: string;
  maxTurns?: number;
}

/** The model function's name: on AWS, the template sets it to the model function's alias ARN. */
const MODEL_FUNCTION = process.env.AGENT_MODEL_FUNCTION ?? "agent-model";

/** The agent's tools: plain functions run as steps, so each result is recorded once. */
const tools = {
  search: (query: string) => `https://docs.example.com/search?q=${encodeURIComponent(query)}#top`,
  read: (url: string) => `summary of ${url.split("#")[0]}`,
};

/**
 * An agent loop: ask the model function what to do next (a chained invoke: this function is not running while
 * the model thinks), run the tool it picks as a step, and go round until the model answers or the turns run out.
 * Each turn is a child context, so the history reads turn by turn.
 */
export const agentWorkflow = workflow("agent", function* (task: AgentTask) {
  const observations: string[] = [];
  const maxTurns = task.maxTurns ?? 6;
  for (let turn = 1; turn <= maxTurns; turn++) {
    // A finished turn replays as its recorded result without running its body: what the loop carries from turn to
    // turn comes out of that result.
    const outcome = yield* child(`turn-${turn}`, function* () {
      const request: ModelRequest = { goal: task.goal, observations };
      const decision = yield* invoke<ModelDecision>("think", MODEL_FUNCTION, request);
      if (decision.action === "done") return { answer: decision.answer };
      return { observation: yield* step(decision.tool, () => tools[decision.tool](decision.input)) };
    });
    if ("answer" in outcome) return { answer: outcome.answer, turns: turn, observations };
    observations.push(outcome.observation);
  }
  return { answer: null, turns: maxTurns, observations, gaveUp: true };
});
