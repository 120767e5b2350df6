import { completable } from '@modelcontextprotocol/sdk/server/completable.js';
import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import type { McpToolset } from '../domain.js';
import type { McpToolRegistry } from './mcp-tool-registry.js';

/**
 * The parts of MCP besides tools: prompts for the guide's two workflows, the records as resources
 * (URI templates), and completion of environment names and ids in both.
 */

const environmentArg = (registry: McpToolRegistry, description: string) =>
  completable(z.string().describe(description), (value) => registry.complete('environment', value ?? ''));

function incidentResponse(args: { title?: string; environment?: string; severity?: string }): string {
  const env = args.environment ? `"${args.environment}"` : 'the affected environment';
  return [
    `Run the incident response for ${args.title ? `"${args.title}"` : 'the problem reported'}${args.environment ? ` in ${env}` : ''}.`,
    `1. list_incidents {status: "open"${args.environment ? `, environment_id: ${env}` : ''}}: is it already open? Then work on that one.`,
    `2. Otherwise create_incident {title, severity${args.severity ? ` ("${args.severity}")` : ''}, incident_type, environment_id, affected_services}.`,
    `3. get_environment_status {environment_id: ${env}}: health, last deployment, other open incidents.`,
    '4. update_incident_status {incident_id, status: "investigating", note}; record findings with add_incident_note.',
    '5. If the last deployment caused it: rollback_deployment {deployment_id, reason}, then check_environment_now.',
    '6. When fixed: update_incident_status {incident_id, status: "resolved", resolution_notes}.',
    'Keep the user informed in one line after each step.',
  ].join('\n');
}

function deploy(args: { environment: string; version: string; deployment_type?: string }): string {
  const env = `"${args.environment}"`;
  return [
    `Deploy ${args.version} to ${env}${args.deployment_type ? ` as a ${args.deployment_type} deployment` : ''}.`,
    `1. get_environment_status {environment_id: ${env}}: refuse to go on while it is critical, has a critical open incident or a deployment in progress, unless the user says so.`,
    `2. create_deployment {title, environment_id: ${env}, version: "${args.version}", deployment_type${args.deployment_type ? `: "${args.deployment_type}"` : ''}} (rollback_version defaults to the version running now).`,
    '3. execute_deployment {deployment_id}; report_deployment_progress {deployment_id, percentage, message} as it goes.',
    '4. get_deployment {deployment_id} to follow it; then complete_deployment, or fail_deployment {reason}.',
    `5. get_system_health {environment_id: ${env}}: not healthy after completing? rollback_deployment {deployment_id, reason} and open an incident.`,
  ].join('\n');
}

const userText = (text: string) => ({ messages: [{ role: 'user' as const, content: { type: 'text' as const, text } }] });

export function registerGuidance(
  server: McpServer,
  registry: McpToolRegistry,
  offered: { tools: ReadonlySet<string>; toolsets: readonly McpToolset[] },
): void {
  if (offered.tools.has('create_incident') && offered.tools.has('update_incident_status')) {
    server.registerPrompt(
      'incident_response',
      {
        title: 'Incident response',
        description: 'Open (or find), investigate and resolve an incident, step by step with the tools.',
        argsSchema: {
          title: z.string().optional().describe('What is wrong, in a few words.'),
          environment: environmentArg(registry, 'Affected environment (name or id).').optional(),
          severity: z.string().optional().describe('critical, high, medium or low.'),
        },
      },
      (args) => userText(incidentResponse(args)),
    );
  }
  if (offered.tools.has('create_deployment') && offered.tools.has('execute_deployment')) {
    server.registerPrompt(
      'deploy',
      {
        title: 'Deployment',
        description: 'Check an environment, plan, run and verify a deployment, rolling back if it is not healthy.',
        argsSchema: {
          environment: environmentArg(registry, 'Target environment (name or id).'),
          version: z.string().describe('Version to deploy, e.g. v2.1.0.'),
          deployment_type: z.string().optional().describe('blue_green, rolling, canary or hotfix.'),
        },
      },
      (args) => userText(deploy(args)),
    );
  }
  for (const resource of registry.resources()) {
    if (!offered.toolsets.includes(resource.toolset)) continue;
    const complete = resource.complete;
    const template = new ResourceTemplate(resource.uriTemplate, {
      list: undefined,
      complete: complete ? { [resource.variable]: (value: string) => registry.complete(complete, value) } : undefined,
    });
    server.registerResource(
      resource.name,
      template,
      { title: resource.title, description: resource.description, mimeType: 'application/json' },
      async (uri, variables) => {
        const raw = variables[resource.variable];
        const value = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? '') : (raw ?? ''));
        return { contents: [{ uri: uri.href, mimeType: 'application/json', text: JSON.stringify(await resource.read(value)) }] };
      },
    );
  }
}
