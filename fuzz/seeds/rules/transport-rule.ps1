New-TransportRule -Name "Block" -FromScope NotInOrganization -RejectMessageEnhancedStatusCode "5.7.1" -RejectMessageReasonText "Rejected"
Set-TransportRule Block -RejectMessageEnhancedStatusCode 5.7.999
