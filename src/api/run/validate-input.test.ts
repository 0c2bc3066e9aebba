import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import { validateInput, type ParameterSchema } from './validate-input.ts';

const schema: ParameterSchema = {
  type: 'object',
  properties: {
    prompt: { type: 'string', maxLength: 20 },
    aspect_ratio: { type: 'string', enum: ['1:1', '16:9'], default: '1:1' },
    n: { type: 'integer', minimum: 1, maximum: 4 },
    image: { type: 'file' },
  },
  required: ['prompt'],
};

function refusal(input: Record<string, unknown>): GatewayError {
  try {
    validateInput(input, schema, 'black-forest-labs/flux-schnell');
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('accepted');
}

describe('validateInput', () => {
  it('accepts a valid input and fills in defaults', () => {
    assert.deepEqual(validateInput({ prompt: 'a cat', n: 2 }, schema, 'm'), { prompt: 'a cat', n: 2, aspect_ratio: '1:1' });
  });

  it('names the parameter and the accepted values in a 400', () => {
    const error = refusal({ prompt: 'a cat', aspect_ratio: '4:3' });
    assert.equal(error.status, 400);
    assert.equal(error.param, 'input.aspect_ratio');
    assert.match(error.message, /"1:1", "16:9"/);
  });

  it('refuses unknown parameters, listing the accepted ones', () => {
    const error = refusal({ prompt: 'a cat', quality: 'hd' });
    assert.equal(error.param, 'input.quality');
    assert.match(error.message, /prompt, aspect_ratio, n, image/);
  });

  it('checks types, ranges, lengths, files and required parameters', () => {
    assert.equal(refusal({ prompt: 'a cat', n: 1.5 }).param, 'input.n');
    assert.equal(refusal({ prompt: 'a cat', n: 9 }).param, 'input.n');
    assert.equal(refusal({ prompt: 'x'.repeat(21) }).param, 'input.prompt');
    assert.equal(refusal({ prompt: 'a cat', image: 'file.png' }).param, 'input.image');
    assert.equal(refusal({}).param, 'input.prompt');
  });
});
