variable "name" {
  description = "Name prefix of the secrets, e.g. roomcast-prod."
  type        = string
}

variable "generated" {
  description = "Secrets Terraform fills once with a random value (shared HMAC secrets), by name."
  type        = map(string)
  default = {
    media-token-secret = "HS256 secret shared by the gateway (signs media tokens) and the media edges"
    turn-secret        = "coturn REST-credential secret (static-auth-secret) shared with the gateway"
    redis-auth-token   = "ElastiCache AUTH token"
  }
}

variable "supplied" {
  description = "Secrets an operator puts in after the first apply (README: first apply), by name."
  type        = map(string)
  default = {
    jwt-signing-key = "Private key (PEM) the gateway signs its own JWTs with; clients' tokens are checked against the identity provider's JWKS"
  }
}
