// The Flex Consumption (FC1) Linux function app, .NET 10 isolated worker, running as the
// user-assigned identity. Every connection is identity-based: no keys, no connection strings with
// secrets. Setting names match StorageClients.cs, host.json (%TaskHubName%) and the decisions queue
// trigger (%ApprovalDecisionsQueue%, StorageNames.cs).
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param blobServiceUri string
param queueServiceUri string
param tableServiceUri string
param deploymentContainerName string
param applicationInsightsConnectionString string
param instanceMemoryMB int
param maximumInstanceCount int
param taskHubName string
param authAuthority string
param authIssuer string
param authAudience string

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: appName
  location: location
  // azd finds the app to deploy the `api` service of azure.yaml by this tag.
  tags: union(tags, {
    'azd-service-name': 'api'
  })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobServiceUri}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }

  resource appSettings 'config' = {
    name: 'appsettings'
    properties: {
      // Identity-based AzureWebJobsStorage: the Functions host, the Durable Task extension, queue
      // triggers and StorageClients all read these. No account key exists to put here.
      AzureWebJobsStorage__blobServiceUri: blobServiceUri
      AzureWebJobsStorage__queueServiceUri: queueServiceUri
      AzureWebJobsStorage__tableServiceUri: tableServiceUri
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      TaskHubName: taskHubName
      // The decisions queue trigger reads its queue name from this setting (%ApprovalDecisionsQueue%).
      // It is StorageNames' name of approval-decisions for Storage:NamePrefix, which is not set in Azure
      // (storage.bicep creates the queues unprefixed): set both together, or the worker refuses to start.
      ApprovalDecisionsQueue: 'approval-decisions'
      // Application Insights with local auth disabled: the connection string only locates the
      // resource; ingestion authenticates as the identity (Monitoring Metrics Publisher).
      APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      // Entra ID bearer tokens (docs/architecture.md, "Cross-cutting"); app roles partner, approver, admin.
      Auth__Authority: authAuthority
      Auth__Issuer: authIssuer
      Auth__Audience: authAudience
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
