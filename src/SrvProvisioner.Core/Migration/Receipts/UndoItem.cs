namespace SrvProvisioner.Core.Migration.Receipts;

/// <summary>One thing undo restored or refused to restore, named.</summary>
public sealed record UndoItem(string What, bool Restored, string Detail);
