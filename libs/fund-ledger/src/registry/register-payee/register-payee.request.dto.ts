import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { CommandRequestDto } from '@ledger/platform';
import { PAYEE_LEVELS, PAYEE_TYPES, type PayeeLevel, type PayeeType } from '../registry.events';
import { ID_PATTERN } from '../field-rules';

export class RegisterPayeeRequest extends CommandRequestDto {
  @ApiProperty({ example: 'H-001', pattern: ID_PATTERN.source })
  @Matches(ID_PATTERN)
  payeeId!: string;

  @ApiProperty({ example: '泉州市第一医院' })
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ enum: PAYEE_TYPES, example: 'hospital' })
  @IsIn(PAYEE_TYPES)
  type!: PayeeType;

  @ApiProperty({ enum: PAYEE_LEVELS, example: 'tertiary', description: "Hospital grade (三级/二级/一级); 'none' for pharmacies." })
  @IsIn(PAYEE_LEVELS)
  level!: PayeeLevel;

  @ApiProperty({ example: 'general', description: "Free classification, e.g. 'general', 'tcm', 'specialist'." })
  @IsString()
  @Length(1, 100)
  class!: string;

  @ApiProperty({ example: '鲤城区' })
  @IsString()
  @Length(1, 100)
  region!: string;
}
