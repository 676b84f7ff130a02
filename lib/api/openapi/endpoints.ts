import {
  CertificateInfo,
  CertificateRequest,
  CreateEndpointInput,
  Endpoint,
  UpdateEndpointInput,
  ValidateResult,
} from '../../schemas/endpoint';
import type { Operation } from './types';

const tag = 'Endpoints';

export const endpointOperations: Operation[] = [
  {
    method: 'get',
    path: '/api/v1/endpoints',
    tag,
    summary: 'List endpoints of the projects the caller belongs to (credentials never included)',
    response: Endpoint,
    list: true,
    query: { project: 'project id or name', type: 'DOCKER_REGISTRY or KUBERNETES' },
  },
  {
    method: 'post',
    path: '/api/v1/endpoints',
    tag,
    summary:
      'Create an endpoint; an https server the system does not trust needs properties.fingerprint or caCert (422 otherwise)',
    body: CreateEndpointInput,
    response: Endpoint,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/v1/endpoints/{id}',
    tag,
    summary: 'One endpoint',
    response: Endpoint,
  },
  {
    method: 'patch',
    path: '/api/v1/endpoints/{id}',
    tag,
    summary: 'Change an endpoint; credentials left out keep their value, null clears one',
    body: UpdateEndpointInput,
    response: Endpoint,
  },
  {
    method: 'delete',
    path: '/api/v1/endpoints/{id}',
    tag,
    summary: 'Delete an endpoint; 409 naming the pipelines and webhooks that still use it',
    status: 204,
  },
  {
    method: 'post',
    path: '/api/v1/endpoints/certificate',
    tag,
    summary:
      'Fetch the certificate an https server presents (subject, issuer, validity, SHA-256, trusted)',
    body: CertificateRequest,
    response: CertificateInfo,
  },
  {
    method: 'post',
    path: '/api/v1/endpoints/{id}/validate',
    tag,
    summary: 'Contact the real server with the stored credentials; the result is also stored',
    response: ValidateResult,
  },
];
