import { GatewayError } from '../../core/errors.ts';
import type { ToolChoice, ToolDefinition } from '../../core/request.ts';
import type { MessagesRequestBody, ToolBody } from './request-schema.ts';

/**
 * Client tools into canonical tool definitions. Server tools (`web_search_20250305`,
 * `code_execution_...`) run inside Anthropic and have no meaning for other providers, so
 * they are refused by name rather than silently dropped.
 */
export function convertTools(tools: ToolBody[]): ToolDefinition[] {
  return tools.map((tool, i) => {
    const param = `tools.${i}`;
    if (tool.type !== undefined && tool.type !== 'custom') {
      throw new GatewayError({
        status: 400,
        code: 'unsupported_feature',
        message: `${param}.type: server tool '${tool.type}' is not supported by this gateway yet; only client tools with an input_schema are.`,
        param: `${param}.type`,
      });
    }
    if (tool.input_schema === undefined) throw GatewayError.invalidRequest(`${param}.input_schema: Field required`, `${param}.input_schema`);
    // cache_control on a tool has no canonical home yet (ToolDefinition has no cacheControl).
    const definition: ToolDefinition = { name: tool.name, parameters: tool.input_schema };
    if (tool.description !== undefined) definition.description = tool.description;
    if (tool.strict !== undefined) definition.strict = tool.strict;
    return definition;
  });
}

/** `tool_choice` as canonical choice plus the parallel-calls switch it carries in Anthropic's shape. */
export function convertToolChoice(choice: NonNullable<MessagesRequestBody['tool_choice']>): { toolChoice: ToolChoice; parallelToolCalls?: boolean } {
  const toolChoice: ToolChoice = choice.type === 'any' ? 'required' : choice.type === 'tool' ? { name: choice.name } : choice.type;
  if (choice.type !== 'none' && choice.disable_parallel_tool_use !== undefined) return { toolChoice, parallelToolCalls: !choice.disable_parallel_tool_use };
  return { toolChoice };
}
