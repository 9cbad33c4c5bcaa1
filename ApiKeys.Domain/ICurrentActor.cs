namespace ApiKeys.Domain;

/// <summary>Who is acting — the signed-in administrator, the calling API account or the command line — and from where.</summary>
public interface ICurrentActor
{
    string Name { get; }

    /// <summary>The client's IP address, when there is a client.</summary>
    string? ClientAddress => null;
}
