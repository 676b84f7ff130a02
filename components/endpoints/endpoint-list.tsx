'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { DeleteDialog } from '@/components/projects/confirm-dialog';
import { formatDate } from '@/components/ui/format';
import { LoadMore } from '@/components/projects/load-more';
import { usePagedList } from '@/components/projects/use-paged-list';
import { useCurrentProject } from '@/components/shell/project-context';
import { DataTable } from '@/components/ui/list-table';
import { ProjectListBody } from '@/components/ui/project-list-body';
import { apiFetch } from '@/lib/client/api';
import type { EndpointDto, ValidateResultDto } from '@/lib/schemas/endpoint';
import { endpointsQueryKey } from './queries';

const TYPE_LABEL = { DOCKER_REGISTRY: 'Docker registry', KUBERNETES: 'Kubernetes' } as const;
const SERVER_LABEL: Record<string, string> = {
  DOCKER_HUB: 'Docker Hub',
  HARBOR: 'Harbor',
  REGISTRY_V2: 'Registry V2',
  TOKEN: 'Token',
  CERTIFICATE: 'Client certificate',
  KUBECONFIG: 'Kubeconfig',
};

function kindOf(e: EndpointDto): string {
  const p = e.properties;
  const key = String(e.type === 'DOCKER_REGISTRY' ? p.serverType : p.authType);
  return SERVER_LABEL[key] ?? key;
}

function ValidateButton({ e }: { e: EndpointDto }) {
  const qc = useQueryClient();
  const v = useMutation({
    mutationFn: () =>
      apiFetch<ValidateResultDto>(`/api/v1/endpoints/${e.id}/validate`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: endpointsQueryKey }),
  });
  return (
    <>
      <button
        type="button"
        onClick={() => v.mutate()}
        disabled={v.isPending}
        aria-label={`Validate ${e.name}`}
      >
        {v.isPending ? 'Validating…' : 'Validate'}
      </button>
      {v.error && (
        <span className="field-error" role="alert">
          {v.error.message}
        </span>
      )}
    </>
  );
}

function LastValidation({ e }: { e: EndpointDto }) {
  const last = e.lastValidation;
  if (!last) return <span className="muted">Not validated yet</span>;
  return (
    <div className="stack small" data-testid={`validation-${e.name}`}>
      <span>
        <span className={`badge ${last.ok ? 'ok' : 'bad'}`}>{last.ok ? 'OK' : 'Failed'}</span>{' '}
        <span className="muted">{formatDate(last.at)}</span>
      </span>
      <span>{last.message}</span>
    </div>
  );
}

/** The current project's endpoints with their last validation; validate, edit, delete. */
export function EndpointList() {
  const qc = useQueryClient();
  const { current } = useCurrentProject();
  const list = usePagedList<EndpointDto>(
    [...endpointsQueryKey, 'list', current?.id],
    `/api/v1/endpoints?project=${encodeURIComponent(current?.id ?? '')}`,
  );
  const [deleting, setDeleting] = useState<EndpointDto>();
  const canEdit = current && current.role !== 'VIEWER' && current.role !== 'EXECUTOR';
  const newButton = canEdit ? (
    <Link className="button primary" href="/endpoints/new">
      New endpoint
    </Link>
  ) : null;

  const body = (
    <ProjectListBody
      noun="endpoints"
      belongs="Endpoints belong to a project."
      emptyTitle="No endpoints yet"
      emptyText="Connect a Docker registry to receive webhooks, or a Kubernetes cluster to deploy to."
      action={newButton}
      list={list}
    >
      {(items, current) => (
        <DataTable
          caption={`Endpoints of ${current.name}`}
          columns={['Name', 'Type', 'Server type', 'URL', 'Last validation']}
          actions
        >
          {items.map((e) => (
            <tr key={e.id}>
              <td>{canEdit ? <Link href={`/endpoints/${e.id}`}>{e.name}</Link> : e.name}</td>
              <td>{TYPE_LABEL[e.type]}</td>
              <td>{kindOf(e)}</td>
              <td className="mono small">{String(e.properties.url ?? '—')}</td>
              <td>
                <LastValidation e={e} />
              </td>
              <td>
                <div className="row row-end">
                  {current.role !== 'VIEWER' && <ValidateButton e={e} />}
                  {canEdit && (
                    <button
                      type="button"
                      className="danger"
                      onClick={() => setDeleting(e)}
                      aria-label={`Delete ${e.name}`}
                    >
                      Delete
                    </button>
                  )}
                </div>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </ProjectListBody>
  );

  return (
    <>
      <div className="page-head">
        <h1>Endpoints</h1>
        {list.items.length > 0 && newButton}
      </div>
      <p className="muted">
        Connections to Docker registries and Kubernetes clusters. Credentials are stored encrypted
        and never shown again.
      </p>
      {body}
      <LoadMore query={list} />
      <DeleteDialog
        item={deleting}
        onClose={() => setDeleting(undefined)}
        noun="endpoint"
        path="/api/v1/endpoints"
        onDeleted={() => qc.invalidateQueries({ queryKey: endpointsQueryKey })}
      >
        Pipelines and webhooks can no longer use it. Its stored credentials are deleted.
      </DeleteDialog>
    </>
  );
}
