package org.deploypolicy;

/** The incident a rollback answers; each has its own rollback rule. */
public enum IncidentType { API_ERRORS, PAYMENT_FAILURES, SECURITY_INCIDENT, CUSTOMER_BUG }
