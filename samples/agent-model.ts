/**
 * The function the agent sample invokes: a stand-in for a language model behind a Lambda function. Given the
 * goal and what the agent has seen so far, it answers with the next tool to call, or with the final answer.
 * It is scripted (search, then read, then answer) so that runs are reproducible; put your model call here.
 */
export interface ModelRequest {
  goal: string;
  observations: string[];
}

export type ModelDecision =
  | { action: "tool"; tool: "search" | "read"; input: string; thought: string }
  | { action: "done"; answer: string };

export function decide(request: ModelRequest): ModelDecision {
  const seen = request.observations.length;
  if (seen === 0) return { action: "tool", tool: "search", input: request.goal, thought: "find sources first" };
  if (seen === 1) return { action: "tool", tool: "read", input: request.observations[0]!, thought: "read the best source" };
  return { action: "done", answer: `${request.goal}: ${request.observations.at(-1)}` };
}
