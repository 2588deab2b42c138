{{/* Names and labels shared by every object of the chart. */}}

{{- define "hyperfleet.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "hyperfleet.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: hyperfleet
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "hyperfleet.selector" -}}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/name: {{ .component }}
{{- end -}}

{{- define "hyperfleet.serviceAccountName" -}}
{{- default (printf "%s-coordinator" (include "hyperfleet.fullname" .)) .Values.serviceAccount.name -}}
{{- end -}}

{{- define "hyperfleet.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/* The connection settings both services read, from the Secrets named in values. */}}
{{- define "hyperfleet.connectionEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef: { name: {{ .Values.database.existingSecret }}, key: url }
- name: HYPERFLEET_NATS_URL
  valueFrom:
    secretKeyRef: { name: {{ .Values.nats.existingSecret }}, key: url }
- name: HYPERFLEET_NATS_USER
  valueFrom:
    secretKeyRef: { name: {{ .Values.nats.existingSecret }}, key: user, optional: true }
- name: HYPERFLEET_NATS_PASS
  valueFrom:
    secretKeyRef: { name: {{ .Values.nats.existingSecret }}, key: password, optional: true }
- name: HYPERFLEET_NATS_TOKEN
  valueFrom:
    secretKeyRef: { name: {{ .Values.nats.existingSecret }}, key: token, optional: true }
- name: HYPERFLEET_NATS_NAMESPACE
  value: {{ .Values.nats.namespace | quote }}
- name: HYPERFLEET_AUTH
  value: {{ .Values.api.auth | quote }}
{{- if eq .Values.api.auth "token" }}
- name: HYPERFLEET_API_TOKENS
  valueFrom:
    secretKeyRef: { name: {{ .Values.api.existingSecret }}, key: tokens }
{{- end }}
{{- end -}}
