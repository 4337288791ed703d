import { ApiProperty } from '@nestjs/swagger';

/**
 * Building blocks of the read endpoints' response DTOs (*.response.dto.ts beside the controllers). The
 * answers are built by the read side as plain objects; these classes only give /docs their shape.
 */

/** A yuan amount in an answer: a decimal string with two places (negative where a balance can be). */
export const YuanField = (description?: string, nullable = false): PropertyDecorator =>
  ApiProperty({ type: String, example: '0.00', nullable, ...(description === undefined ? {} : { description }) });

/** A nested figure set documented by its fields in prose (the read side may add fields). */
export const ObjectField = (description: string, nullable = false): PropertyDecorator =>
  ApiProperty({ type: 'object', additionalProperties: true, nullable, description });

export const IntegerField = (description?: string, example?: number): PropertyDecorator =>
  ApiProperty({ type: 'integer', ...(example === undefined ? {} : { example }), ...(description === undefined ? {} : { description }) });

/** Where every read-model answer stands. */
export class ReadPointView {
  @ApiProperty({ example: 'live', description: "The asOf asked for: 'live', a global position or an instant." })
  asOf!: string;

  @ApiProperty({ example: '1234', description: 'The global position the answer reflects (a decimal string).' })
  position!: string;
}

/** A page of a list: the items of the page and how many there are in all. */
export class PageView extends ReadPointView {
  @IntegerField('Items in all (every page).', 42)
  total!: number;

  @IntegerField('Page size asked for.', 50)
  limit!: number;

  @IntegerField('Items skipped.', 0)
  offset!: number;
}
