namespace ApiKeys.Domain.Keys;

/// <summary>Who is acting: the signed-in administrator, the calling API account or the command line.</summary>
public interface ICurrentActor
{
    string Name { get; }
}
