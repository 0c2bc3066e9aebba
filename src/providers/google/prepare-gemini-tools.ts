import type { JsonSchema, ToolChoice, ToolDefinition } from '../../core/request.ts';
import type { GeminiTool, GeminiToolConfig } from '../../wire/gemini.ts';

/**
 * Tools as Gemini function declarations. Schemas go in `parametersJsonSchema` (full JSON
 * Schema, as @google/genai sends it in sse-stream-function-calls-then-responses.har) rather
 * than `parameters`, whose OpenAPI subset rejects `additionalProperties`, type arrays and
 * more. Only the `$schema` meta keyword is dropped: it describes the schema, not the data.
 * `strict` has no Gemini switch: declarations are always followed, so it is ignored.
 */
export function prepareGeminiTools(tools: ToolDefinition[] | undefined, toolChoice: ToolChoice | undefined): { tools?: GeminiTool[]; toolConfig?: GeminiToolConfig } {
  const result: { tools?: GeminiTool[]; toolConfig?: GeminiToolConfig } = {};
  if (tools !== undefined && tools.length > 0) {
    result.tools = [
      {
        functionDeclarations: tools.map((tool) => ({
          name: tool.name,
          ...(tool.description !== undefined ? { description: tool.description } : {}),
          parametersJsonSchema: withoutMetaKeys(tool.parameters),
        })),
      },
    ];
  }
  if (toolChoice !== undefined) result.toolConfig = { functionCallingConfig: functionCallingConfig(toolChoice) };
  return result;
}

function functionCallingConfig(choice: ToolChoice): NonNullable<GeminiToolConfig['functionCallingConfig']> {
  if (choice === 'auto') return { mode: 'AUTO' };
  if (choice === 'none') return { mode: 'NONE' };
  if (choice === 'required') return { mode: 'ANY' };
  return { mode: 'ANY', allowedFunctionNames: [choice.name] };
}

/** A schema without its top-level `$schema` declaration. */
export function withoutMetaKeys(schema: JsonSchema): JsonSchema {
  const { $schema: _ignored, ...rest } = schema;
  return rest;
}
