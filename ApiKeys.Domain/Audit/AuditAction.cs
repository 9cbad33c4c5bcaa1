namespace ApiKeys.Domain.Audit;

/// <summary>The kinds of action the audit log records.</summary>
public static class AuditAction
{
    public const string KeyCreated = "key.created";
    public const string KeyExpiryChanged = "key.expiry-changed";
    public const string KeyDeleted = "key.deleted";
    public const string KeyRenamed = "key.renamed";
    public const string KeyRolled = "key.rolled";
    public const string KeyDisabled = "key.disabled";
    public const string KeyEnabled = "key.enabled";
    public const string KeyScopesChanged = "key.scopes-changed";
    public const string KeyLimitsChanged = "key.limits-changed";
    public const string AccountCreated = "account.created";
    public const string AccountDeactivated = "account.deactivated";
    public const string AccountReactivated = "account.reactivated";
    public const string AccountAddedToRole = "account.role-added";
    public const string AccountRemovedFromRole = "account.role-removed";
    public const string PasswordChanged = "account.password-changed";
    public const string AccountEmailChanged = "account.email-changed";
    public const string ExpiryNoticeSent = "notice.expiry-sent";
    public const string RoleCreated = "role.created";
    public const string RoleRenamed = "role.renamed";
    public const string RoleDeleted = "role.deleted";
    public const string ApiCallsGranted = "role.api-calls-granted";
    public const string ApiCallsRevoked = "role.api-calls-revoked";
    public const string SignedIn = "sign-in.succeeded";
    public const string SignInFailed = "sign-in.failed";
    public const string LockedOut = "sign-in.locked-out";
    public const string SignedOut = "sign-out";
    public const string ApiAuthenticationFailed = "api.authentication-failed";
    public const string ApiAuthenticationFailuresSuppressed = "api.authentication-failures-suppressed";
    public const string AdministratorBootstrapped = "account.bootstrap-administrator";

    public static readonly IReadOnlyList<string> All =
    [
        KeyCreated, KeyExpiryChanged, KeyDeleted, KeyRenamed, KeyRolled, KeyDisabled, KeyEnabled, AccountCreated, AccountDeactivated, AccountReactivated, AccountAddedToRole,
        AccountRemovedFromRole, PasswordChanged, AccountEmailChanged, ExpiryNoticeSent, RoleCreated, RoleRenamed, RoleDeleted, ApiCallsGranted, ApiCallsRevoked,
        SignedIn, SignInFailed, LockedOut, SignedOut, ApiAuthenticationFailed, ApiAuthenticationFailuresSuppressed, AdministratorBootstrapped,
    ];
}
