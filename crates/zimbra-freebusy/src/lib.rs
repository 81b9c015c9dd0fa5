//! Zimbra SOAP free/busy, working hours, faults and GAL, in XML and JSON
