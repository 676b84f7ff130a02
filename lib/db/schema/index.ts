// One file per table (or closely related tables); this barrel is what drizzle-kit and the client read.
export * from './users';
export * from './projects';
export * from './tokens';
export * from './live-events';
export * from './endpoints';
export * from './executions';
export * from './jobs';
export * from './docker-webhooks';
export * from './registry-events';
export * from './pipelines';
export * from './variables';
export * from './k8s-manifests';
