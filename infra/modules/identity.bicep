// The one identity the app runs as: storage (AzureWebJobsStorage, Durable task hub, our tables and
// queues, the deployment package) and Application Insights ingestion all authenticate with it.
param name string
param location string
param tags object

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output principalId string = identity.properties.principalId
output clientId string = identity.properties.clientId
