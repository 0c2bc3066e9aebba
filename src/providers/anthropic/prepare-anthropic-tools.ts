import { GatewayError } from '../../core/errors.ts';
import type { ToolChoice, ToolDefinition } from '../../core/request.ts';
import type { AnthropicTool, AnthropicToolChoice } from '../../wire/anthropic-messages.ts';

export type AnthropicToolsFields = { tools?: AnthropicTool[]; tool_choice?: AnthropicToolChoice };

/** Canonical tools, tool choice and parallel-call switch as Anthropic's `tools` and `tool_choice`. */
export function prepareAnthropicTools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
  parallelToolCalls: boolean | undefined,
): AnthropicToolsFields {
  if (!tools || tools.length === 0) {
    // Without tools, "auto" and "none" mean the same as nothing; forcing a tool is a client error.
    if (toolChoice === 'required' || typeof toolChoice === 'object') {
      throw GatewayError.invalidRequest('tool_choice requires a tool, but no tools were given.', 'tool_choice');
    }
    return {};
  }
  const anthropicTools = tools.map((tool): AnthropicTool => ({
    name: tool.name,
    ...(tool.description !== undefined ? { description: tool.description } : {}),
    input_schema: tool.parameters,
    ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
  }));

  let choice: AnthropicToolChoice | undefined;
  if (toolChoice === 'none') choice = { type: 'none' };
  else if (toolChoice === 'auto') choice = { type: 'auto' };
  else if (toolChoice === 'required') choice = { type: 'any' };
  else if (typeof toolChoice === 'object') choice = { type: 'tool', name: toolChoice.name };

  // Anthropic carries the parallel switch on tool_choice; `none` cannot call tools at all.
  if (parallelToolCalls === false && choice?.type !== 'none') {
    choice = { ...(choice ?? { type: 'auto' }), disable_parallel_tool_use: true } as AnthropicToolChoice;
  }
  return { tools: anthropicTools, ...(choice ? { tool_choice: choice } : {}) };
}
