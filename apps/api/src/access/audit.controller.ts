import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/api-errors.decorator.js';
import { QueryOf, Returns } from '../common/contract/contract.decorators.js';
import { Requires } from '../common/requires.decorator.js';
import { AuditEntry, AuditPage, AuditQuery } from '../contracts.js';
import type { Page } from '../domain.js';
import { AuditService } from './audit.service.js';

@ApiTags('access')
@Controller('audit')
@Requires('admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: 'Read the audit log',
    description: 'Sign-ins and their failures, user and token changes, refused permissions; newest first.',
  })
  @Returns(AuditPage)
  @ApiErrors(400, 403)
  list(@QueryOf(AuditQuery) query: AuditQuery): Promise<Page<AuditEntry>> {
    return this.audit.list(query);
  }
}
