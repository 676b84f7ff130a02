import {
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
} from '@kubernetes/client-node';

/**
 * KubernetesObjectApi plus the one thing the task needs from discovery: whether a kind is
 * namespaced (so that the task's namespace is set only on namespaced objects) and whether the
 * cluster knows the kind at all.
 */
export class SlipwayObjectApi extends KubernetesObjectApi {
  static forConfig(kc: KubeConfig): SlipwayObjectApi {
    const api = kc.makeApiClient(SlipwayObjectApi);
    api.setDefaultNamespace(kc);
    return api;
  }

  /** true / false from discovery; throws UnknownKindError when the cluster does not serve the kind. */
  async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
    let resource;
    try {
      resource = await this.resource(apiVersion, kind);
    } catch (err) {
      if ((err as { code?: unknown }).code === 404) throw new UnknownKindError(apiVersion, kind);
      throw err;
    }
    if (!resource) throw new UnknownKindError(apiVersion, kind);
    return resource.namespaced;
  }
}

export class UnknownKindError extends Error {
  constructor(
    readonly apiVersion: string,
    readonly kind: string,
  ) {
    super(`the cluster does not know kind "${kind}" in apiVersion "${apiVersion}"`);
    this.name = 'UnknownKindError';
  }
}

export type { KubernetesObject };
