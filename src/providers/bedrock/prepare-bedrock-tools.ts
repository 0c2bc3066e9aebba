import { GatewayError } from '../../core/errors.ts';
import type { ToolChoice, ToolDefinition } from '../../core/request.ts';
import type { BedrockConverseRequest, BedrockTool, BedrockToolChoice } from '../../wire/bedrock-converse.ts';

/**
 * Canonical tools and tool choice as Converse's `toolConfig`. Converse has no "none": with
 * `none` the tools are left out, unless the history holds tool calls or results, which
 * Converse refuses without a toolConfig; then the tools go without a choice (the model may
 * still call one). `parallelToolCalls` has no Converse switch and is a hint we cannot pass.
 */
export function prepareBedrockTools(
  tools: ToolDefinition[] | undefined,
  toolChoice: ToolChoice | undefined,
  historyHasTools: boolean,
): Pick<BedrockConverseRequest, 'toolConfig'> {
  if (!tools || tools.length === 0) {
    if (toolChoice === 'required' || typeof toolChoice === 'object') {
      throw GatewayError.invalidRequest('tool_choice requires a tool, but no tools were given.', 'tool_choice');
    }
    return {};
  }
  if (toolChoice === 'none' && !historyHasTools) return {};
  const bedrockTools = tools.map((tool): BedrockTool => ({
    toolSpec: {
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      inputSchema: { json: tool.parameters },
      ...(tool.strict !== undefined ? { strict: tool.strict } : {}),
    },
  }));
  let choice: BedrockToolChoice | undefined;
  if (toolChoice === 'auto') choice = { auto: {} };
  else if (toolChoice === 'required') choice = { any: {} };
  else if (typeof toolChoice === 'object') choice = { tool: { name: toolChoice.name } };
  return { toolConfig: { tools: bedrockTools, ...(choice ? { toolChoice: choice } : {}) } };
}
