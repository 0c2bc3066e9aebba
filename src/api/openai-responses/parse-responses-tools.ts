import { GatewayError } from '../../core/errors.ts';
import type { ToolChoice, ToolDefinition } from '../../core/request.ts';
import { openAiWording } from '../shared/describe-validation-issue.ts';
import { validateField } from '../shared/parse-request-body.ts';
import { functionTool, type FunctionToolBody } from './request-schema.ts';

/** OpenAI runs these tools itself; no other provider can, so they are refused by name rather than dropped. */
function builtInToolError(type: string, param: string): GatewayError {
  return new GatewayError({
    status: 400,
    code: 'unsupported_feature',
    message: `${param}: the built-in tool '${type}' is not supported by Switchyard's Responses API; only tools of type 'function' are.`,
    param,
  });
}

/** Function tools, validated one by one so a 400 names the exact field; `tools[i]` of any other type is refused. */
export function parseResponsesTools(tools: Array<{ type: string }>): { definitions: ToolDefinition[]; echo: FunctionToolBody[] } {
  const definitions: ToolDefinition[] = [];
  const echo: FunctionToolBody[] = [];
  tools.forEach((raw, i) => {
    if (raw.type !== 'function') throw builtInToolError(raw.type, `tools[${i}].type`);
    const tool = validateField(functionTool, raw, openAiWording, ['tools', i]);
    echo.push(tool);
    definitions.push({
      name: tool.name,
      ...(tool.description != null ? { description: tool.description } : {}),
      parameters: tool.parameters ?? { type: 'object', properties: {} },
      ...(tool.strict != null ? { strict: tool.strict } : {}),
    });
  });
  return { definitions, echo };
}

/** `tool_choice` as the canonical choice; forcing a built-in tool or an allowed-tools subset is refused. */
export function parseResponsesToolChoice(choice: string | { type: string; [field: string]: unknown }): ToolChoice {
  if (typeof choice === 'string') return choice as ToolChoice;
  if (choice.type === 'function') {
    if (typeof choice.name !== 'string' || !choice.name) throw GatewayError.invalidRequest('tool_choice.name: required (expected string)', 'tool_choice.name');
    return { name: choice.name };
  }
  if (choice.type === 'allowed_tools') {
    throw new GatewayError({ status: 400, code: 'unsupported_feature', message: "tool_choice: type 'allowed_tools' is not supported; send only the allowed tools in `tools`.", param: 'tool_choice.type' });
  }
  throw builtInToolError(choice.type, 'tool_choice.type');
}
