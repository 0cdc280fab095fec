// Triage on Azure: one resource group holding a Flex Consumption function app, its storage account
// (no shared keys), a user-assigned managed identity and Log Analytics + Application Insights
// (no local auth). `azd up` deploys it with main.parameters.json; infra/README.md explains it.
targetScope = 'subscription'

@minLength(1)
@maxLength(40)
@description('azd environment name; names the resource group and seeds the unique resource names.')
param environmentName string

@minLength(1)
@description('Azure region for every resource. It must offer the Flex Consumption plan.')
param location string

@description('Memory per Flex Consumption instance in MB (the CPU share grows with it).')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Upper bound on instances the app scales out to; also a bound on cost.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Durable Functions task hub name (app setting TaskHubName, read by host.json): letters and digits only, starting with a letter, 3 to 45 characters (the Azure Storage provider names queues, tables and blob containers after it). Change it to start a fresh hub, e.g. after changing partitionCount.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'triage'

@description('Entra ID audience of the API (Application ID URI or client id of the Triage API app registration). Empty until the app registration exists; see infra/README.md.')
param authAudience string = ''

@description('Entra ID tenant that issues the tokens; defaults to the tenant of the deployment.')
param authTenantId string = tenant().tenantId

// Bicep has no pattern decorator: the rest of the task hub rule (letters and digits only, a letter
// first) is checked here. An invalid name would deploy fine and then stop every instance of the app at
// start; fail() stops the deployment instead, with the rule in the message.
var taskHubNameLetters = 'abcdefghijklmnopqrstuvwxyz'
var taskHubNameCharacters = map(range(0, length(taskHubName)), i => toLower(substring(taskHubName, i, 1)))
var taskHubNameIsValid = contains(taskHubNameLetters, taskHubNameCharacters[0]) && empty(filter(taskHubNameCharacters, c => !contains('${taskHubNameLetters}0123456789', c)))
var validTaskHubName = taskHubNameIsValid
  ? taskHubName
  : fail('taskHubName (azd: TASK_HUB_NAME) \'${taskHubName}\' is not a valid Durable Functions task hub name: use letters and digits only, starting with a letter, 3 to 45 characters.')

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var identityName = 'id-triage-${resourceToken}'
var storageAccountName = 'sttriage${take(resourceToken, 16)}'
var applicationInsightsName = 'appi-triage-${resourceToken}'
var deploymentContainerName = 'app-package-${take(resourceToken, 16)}'
var tags = {
  'azd-env-name': environmentName
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: identityName
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: 'log-triage-${resourceToken}'
    applicationInsightsName: applicationInsightsName
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: storageAccountName
    location: location
    tags: tags
    deploymentContainerName: deploymentContainerName
  }
}

module roles 'modules/role-assignments.bicep' = {
  name: 'role-assignments'
  scope: rg
  params: {
    identityName: identityName
    storageAccountName: storageAccountName
    applicationInsightsName: applicationInsightsName
  }
  dependsOn: [
    identity
    storage
    monitoring
  ]
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    planName: 'plan-triage-${resourceToken}'
    appName: 'func-triage-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobServiceUri: storage.outputs.blobServiceUri
    queueServiceUri: storage.outputs.queueServiceUri
    tableServiceUri: storage.outputs.tableServiceUri
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    taskHubName: validTaskHubName
    authAuthority: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
    authIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
    authAudience: authAudience
  }
  // The app starts polling queues and tables as soon as it exists: give it its roles first.
  dependsOn: [
    roles
  ]
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output APPLICATIONINSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
