import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerInputs, parseDockerHubPush } from './docker-hub-payload';

const fixture = (name: string): unknown =>
  JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', name), 'utf8'));

describe('parseDockerHubPush', () => {
  it('reads the current payload (integer timestamps, no images)', () => {
    const r = parseDockerHubPush(fixture('dockerhub-push.json'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.push).toMatchObject({
      namespace: 'svendowideit',
      name: 'testhook',
      repoName: 'svendowideit/testhook',
      tag: 'latest',
      pusher: 'trustedbuilder',
      images: [],
      pushedAt: '1417566161',
    });
    expect(dockerInputs(r.push)).toEqual({
      DOCKER_EVENT_OWNER_NAME: 'trustedbuilder',
      DOCKER_IMAGE: 'svendowideit/testhook:latest',
      DOCKER_REPO_NAME: 'testhook',
      DOCKER_REPO_NAMESPACE: 'svendowideit',
      DOCKER_TAG: 'latest',
    });
  });

  it('reads the legacy payload: float timestamps and images give the same push time', () => {
    const r = parseDockerHubPush(fixture('dockerhub-push-legacy-images.json'));
    expect(r.ok && r.push.pushedAt).toBe('1417566161');
    expect(r.ok && r.push.images).toHaveLength(3);
  });

  it('takes latest when the tag is missing (2015 capture)', () => {
    const r = parseDockerHubPush(fixture('dockerhub-push-captured-2015-no-tag.json'));
    expect(r.ok && r.push).toMatchObject({
      tag: 'latest',
      namespace: 'csanchez',
      pusher: 'csanchez',
    });
  });

  it('uses the library namespace for official images', () => {
    const r = parseDockerHubPush({
      push_data: { pushed_at: 1, pusher: 'docker', tag: '1.27' },
      repository: { repo_name: 'nginx', name: 'nginx' },
    });
    expect(r.ok && r.push).toMatchObject({ namespace: 'library', name: 'nginx', tag: '1.27' });
  });

  it('says "shape" for bodies that are not a push payload', () => {
    for (const body of [
      [],
      'x',
      {},
      { push_data: {} },
      { repository: { name: 'a' } },
      { push_data: {}, repository: {} },
    ]) {
      const r = parseDockerHubPush(body);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.kind).toBe('shape');
    }
  });

  it('says "naming" for tags and repositories that break Docker rules', () => {
    const base = fixture('dockerhub-push.json') as {
      push_data: Record<string, unknown>;
      repository: Record<string, unknown>;
    };
    const bad = (pd: Record<string, unknown>, repo: Record<string, unknown> = {}) =>
      parseDockerHubPush({
        ...base,
        push_data: { ...base.push_data, ...pd },
        repository: { ...base.repository, ...repo },
      });
    for (const tag of ['-x', '.x', 'a'.repeat(129), 'a b', 'v1;rm', 'x\nkind: Secret']) {
      const r = bad({ tag });
      expect(r.ok, tag).toBe(false);
      if (!r.ok) expect(r.kind).toBe('naming');
    }
    expect(bad({ tag: '_ok.1-2' }).ok).toBe(true);
    expect(bad({ tag: 'a'.repeat(128) }).ok).toBe(true);
    const upper = bad({}, { name: 'TestHook' });
    expect(!upper.ok && upper.kind).toBe('naming');
  });
});
