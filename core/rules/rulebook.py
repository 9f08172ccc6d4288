"""RuleBook: every loaded pack version per platform, plus the user's special periods.

Contract: a RuleBook holds validated RulePacks (loader.py builds them); two
packs of one platform with the same version, or an overlay period changing a
rule no pack of its platform has, raise ``PackError``. Versions compare
numerically (``2026.9`` < ``2026.10``).

Threading: immutable after construction; safe to share between threads.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from core.domain import Platform
from core.rules.checks import PackError, version_key
from core.rules.model import RulePack, SpecialPeriod


class RuleBook:
    """Every loaded pack version per platform, plus the user's special periods.

    ``pack(platform)`` is the newest version; ``pack(platform, version)`` the one
    a running timer was started under (unknown versions fall back to the newest:
    check ``has_version`` to warn). Versions compare numerically.
    """

    def __init__(
        self,
        packs: Iterable[RulePack],
        overlay: Mapping[Platform, Sequence[SpecialPeriod]] | None = None,
    ) -> None:
        by_platform: dict[Platform, dict[tuple[int, ...], RulePack]] = {}
        for pack in packs:
            versions = by_platform.setdefault(Platform(pack.platform), {})
            key = version_key(pack.version)
            if key in versions:
                raise PackError(
                    pack.source_file,
                    "pack.version",
                    f"{pack.platform} {pack.version} is already loaded from "
                    f"{versions[key].source_file}",
                )
            versions[key] = pack
        self._packs = {
            platform: tuple(versions[key] for key in sorted(versions))
            for platform, versions in by_platform.items()
        }
        self._overlay = {Platform(p): tuple(periods) for p, periods in (overlay or {}).items()}
        for platform, periods in self._overlay.items():
            known = {rule.id for pack in self._packs.get(platform, ()) for rule in pack.rules}
            for period in periods:
                for rule_id in period.changes:
                    if rule_id not in known:
                        raise PackError(
                            "overlay",
                            f"special_periods[{platform}:{period.id}].changes.{rule_id}",
                            f"no {platform} pack has a rule {rule_id!r}",
                        )

    def _versions(self, platform: Platform | str) -> tuple[RulePack, ...]:
        platform = Platform(platform)
        if platform not in self._packs:
            raise KeyError(f"no rule pack for {platform}")
        return self._packs[platform]

    def pack(self, platform: Platform | str, version: str | None = None) -> RulePack:
        packs = self._versions(platform)
        if version is not None:
            for pack in packs:
                if _same_version(pack.version, version):
                    return pack
        return packs[-1]

    def has_version(self, platform: Platform | str, version: str) -> bool:
        try:
            packs = self._versions(platform)
        except KeyError:
            return False
        return any(_same_version(pack.version, version) for pack in packs)

    def versions(self, platform: Platform | str) -> tuple[str, ...]:
        """Oldest first."""
        return tuple(pack.version for pack in self._versions(platform))

    def special_periods(
        self, platform: Platform | str, version: str | None = None
    ) -> tuple[SpecialPeriod, ...]:
        """The pack's own periods plus the overlay's; an overlay period replaces one of the
        same id."""
        own = self.pack(platform, version).special_periods
        extra = self._overlay.get(Platform(platform), ())
        replaced = {period.id for period in extra}
        return tuple(p for p in own if p.id not in replaced) + extra

    def platforms(self) -> tuple[Platform, ...]:
        return tuple(platform for platform in Platform if platform in self._packs)

    def overlay(self) -> dict[Platform, tuple[SpecialPeriod, ...]]:
        """The user's special periods, per platform."""
        return dict(self._overlay)

    def packs(self) -> tuple[RulePack, ...]:
        return tuple(pack for platform in self.platforms() for pack in self._packs[platform])

    def with_overlay(self, overlay: Mapping[Platform, Sequence[SpecialPeriod]]) -> RuleBook:
        """The same packs with another overlay (raises PackError if it names unknown rules)."""
        return RuleBook(self.packs(), overlay)


def _same_version(a: str, b: str) -> bool:
    try:
        return version_key(a) == version_key(b)
    except ValueError:
        return False
