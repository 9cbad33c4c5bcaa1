namespace ApiKeys.Admin.CommandLine;

/// <summary>A command's words: positional values, <c>--name value</c> options (repeatable) and <c>--flag</c> switches.</summary>
internal sealed class CommandLineArguments
{
    private readonly Dictionary<string, List<string>> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public CommandLineArguments(IEnumerable<string> words, IReadOnlySet<string> flags)
    {
        using var word = words.GetEnumerator();
        while (word.MoveNext())
        {
            var current = word.Current;
            if (!current.StartsWith("--", StringComparison.Ordinal))
            {
                Positional.Add(current);
            }
            else if (flags.Contains(current))
            {
                _flags.Add(current);
            }
            else if (word.MoveNext())
            {
                (_options.TryGetValue(current, out var values) ? values : _options[current] = []).Add(word.Current);
            }
            else
            {
                throw new CommandLineException($"{current} needs a value.");
            }
        }
    }

    public List<string> Positional { get; } = [];

    public bool Flag(string name)
    {
        _used.Add(name);
        return _flags.Contains(name);
    }

    public string? Option(string name)
    {
        var values = Options(name);
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new CommandLineException($"{name} may be given only once."),
        };
    }

    public string Required(string name) => Option(name) ?? throw new CommandLineException($"{name} is required.");

    public IReadOnlyList<string> Options(string name)
    {
        _used.Add(name);
        return _options.TryGetValue(name, out var values) ? values : [];
    }

    /// <summary>Refuses options the command did not ask for, so a typo is not silently ignored.</summary>
    public void RejectUnknown()
    {
        var unknown = _options.Keys.Concat(_flags).FirstOrDefault(name => !_used.Contains(name));
        if (unknown is not null)
        {
            throw new CommandLineException($"Unknown option {unknown}.");
        }
    }
}

/// <summary>A mistake in how a command was called; the message is shown with the usage.</summary>
internal sealed class CommandLineException(string message) : Exception(message);
