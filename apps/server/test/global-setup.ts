import type { TestProject } from 'vitest/node';
import { startTestCluster } from '../../../test-support/cluster';

export default async function setup(project: TestProject) {
  const cluster = await startTestCluster();
  project.provide('testPgUrl', cluster.url);
  return async () => {
    await cluster.stop();
  };
}
