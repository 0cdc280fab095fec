// The storage account: Durable Functions task hub (blobs, queues, tables), the product's tables and
// queues (docs/architecture.md, "Storage"; names spelled once in code in StorageNames.cs, checked against this
// file by Triage.Infra.Tests) and the Flex Consumption deployment package. Shared keys are off, so
// every caller needs an Entra ID identity with a data role.
param name string
param location string
param tags object
param deploymentContainerName string

var tableNames = [
  'Requests'
  'RequestEvents'
  'FundLedger'
  'Decisions'
  'ReferenceData'
  'Idempotency'
  'OpenRequests'
  'ReservationRounds'
  'PendingApprovals'
  'StepTimers'
  'RequestsByStage'
  'HistoryPurges'
]

var queueNames = [
  'approval-requests'
  'approval-decisions'
  'approval-decisions-poison'
  'partner-notifications'
]

resource account 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource deploymentContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = {
  parent: blobService
  name: deploymentContainerName
  properties: {
    publicAccess: 'None'
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource tables 'Microsoft.Storage/storageAccounts/tableServices/tables@2025-06-01' = [
  for tableName in tableNames: {
    parent: tableService
    name: tableName
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: account
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for queueName in queueNames: {
    parent: queueService
    name: queueName
  }
]

output name string = account.name
output blobServiceUri string = account.properties.primaryEndpoints.blob
output queueServiceUri string = account.properties.primaryEndpoints.queue
output tableServiceUri string = account.properties.primaryEndpoints.table
