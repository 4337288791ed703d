import { ApiProperty } from '@nestjs/swagger';

/** @nestjs/terminus's answer: each check's status and figures under info (up) or error (down), all under details. */
export class HealthView {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status!: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { store: { status: 'up', kind: 'sqlite' }, projections: { status: 'up', lag: {}, trialBalance: '0.00' } },
    description: 'The checks that are up: store (kind), projections (lag per projection, trial balance).',
  })
  info!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: {}, description: 'The checks that are down, with why.' })
  error!: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Every check, up or down.' })
  details!: Record<string, unknown>;
}

export class LivenessView {
  @ApiProperty({ enum: ['ok'], example: 'ok' })
  status!: 'ok';
}
