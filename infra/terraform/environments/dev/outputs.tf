output "gateway_dns_name" {
  description = "Public DNS name of the gateway's load balancer."
  value       = module.platform.gateway_dns_name
}

output "registry_url" {
  description = "Internal URL of the schema registry's Confluent-compatible API."
  value       = module.platform.registry_url
}

output "kafka_bootstrap_brokers_sasl_scram" {
  description = "SCRAM listener of the brokers."
  value       = module.platform.kafka_bootstrap_brokers_sasl_scram
}

output "topics" {
  description = "Topics created from the catalog."
  value       = module.platform.topics
}
