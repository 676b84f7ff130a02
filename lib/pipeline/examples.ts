/**
 * Example pipeline documents: the one in api.md ("Documents"), used by tests and offered as a
 * starting point in the console.
 */

export const API_MD_EXAMPLE = `kind: PIPELINE
project: shop
name: deploy-web-on-push
description: Deploy the web image whenever Docker Hub gets a new tag
enabled: true
concurrency: 5                # executions of this pipeline running at once
autoInject: DOCKER            # DOCKER | GIT | GERRIT | (absent): adds that trigger's inputs
input:                        # name → default value
  DOCKER_EVENT_OWNER_NAME: ''
  DOCKER_IMAGE: ''
  DOCKER_REPO_NAME: ''
  DOCKER_REPO_NAMESPACE: ''
  DOCKER_TAG: ''
  REPLICAS: '2'
_inputMeta:                   # optional descriptions
  REPLICAS: {description: Replicas to run, mandatory: false}
output:
  DEPLOYED_IMAGE: \${Deploy.Apply web.output.image}
stageOrder: [Deploy, Verify]
stages:
  Deploy:
    taskOrder:                # entries run in order; names joined by commas run in parallel
      - Apply web
    tasks:
      Apply web:
        type: K8S
        endpoints: {kubernetesServer: dev-cluster}
        input:
          action: APPLY               # CREATE | APPLY | DELETE | GET | ROLLBACK
          namespace: shop
          timeout: 5                  # minutes
          waitForRollout: true
          imagePullSecretFrom: hub    # optional: a Docker registry endpoint's name
          yaml: |
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: \${input.REPLICAS}
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers:
                    - name: web
                      image: \${input.DOCKER_IMAGE}
  Verify:
    taskOrder: [Smoke test]
    tasks:
      Smoke test:
        type: REST
        input: {action: get, url: 'https://web.example/healthz', headers: {}}
`;

/** A second example exercising every task type, parallel groups, outputs and Code Stream-style keys. */
export const ALL_TASK_TYPES_EXAMPLE = `kind: PIPELINE
project: shop
name: every-task-type
description: "Quoted: yes, and a colon"
enabled: false
concurrency: 1
autoInject: GIT
input:
  GIT_BRANCH_NAME: main
  GIT_CHANGE_SUBJECT: ''
  GIT_COMMIT_ID: ''
  GIT_EVENT_DESCRIPTION: ''
  GIT_EVENT_OWNER_NAME: ''
  GIT_EVENT_TIMESTAMP: ''
  GIT_REPO_NAME: ''
  GIT_SERVER_URL: ''
  ZED: 'last'
  ALPHA: 3
  FLAG: true
_inputMeta:
  ALPHA: {description: First letter, mandatory: true}
output:
  STATUS: \${Build.Call api.output.status}
  DECISION: \${Approve.Ask.output.decision}
stageOrder: [Build, Approve, 'Ship it']
stages:
  Build:
    taskOrder:
      - Call api, Wait ready
      - Check
    tasks:
      Call api:
        type: REST
        input:
          action: post
          url: https://api.example/\${input.GIT_REPO_NAME}/builds?run=\${executionIndex}
          headers: {Authorization: 'Bearer \${var.API_TOKEN}', X-Run: '\${executionId}'}
          payload: {branch: '\${input.GIT_BRANCH_NAME}', n: 1}
      Wait ready:
        type: POLL
        ignoreFailure: true
        input:
          url: https://api.example/ready
          headers: {}
          intervalSeconds: 5
          timeoutMinutes: 2
          successCondition: \${response.status} == 200 && \${response.body.state} == "ready"
      Check:
        type: CONDITION
        preCondition: \${input.FLAG} == true
        input:
          condition: \${Build.Call api.output.status} < 300 && "\${input.ZED}" != "x"
  Approve:
    taskOrder: [Ask]
    tasks:
      Ask:
        type: USER_OPERATION
        input:
          approvers: [lead@example.com]
          summary: Ship \${input.GIT_COMMIT_ID}?
          description: |
            Multi-line
            description
          expirationHours: 12
  Ship it:
    taskOrder: [Deploy, Roll back]
    tasks:
      Deploy:
        type: K8S
        endpoints: {kubernetesServer: prod}
        input:
          action: CREATE
          namespace: web
          timeout: \${input.ALPHA}
          continueOnConflict: true
          yaml: |
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: cfg}
            data:
              date: 2024-01-01
              commit: "\${input.GIT_COMMIT_ID}"
            ---
            apiVersion: v1
            kind: Namespace
            metadata: {name: web}
      Roll back:
        type: K8S
        preCondition: \${Approve.Ask.output.decision} == "REJECT"
        endpoints: {kubernetesServer: prod}
        input: {action: ROLLBACK, namespace: web}
`;
