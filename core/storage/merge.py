"""How an imported export updates the orders and cases already stored.

Contract: pure functions over column-value dicts (``{field: value}``, enums as their
string values): ``merge_imported_case`` / ``merge_imported_order`` take the row a
file gives and the stored row and return the row to store. ``supplied`` names the
fields the file has a column for (None: all of them). core.storage.importing calls
them for every incoming row that is already stored.

Threading: pure functions.
"""

from __future__ import annotations

from typing import Any

from core.domain import TERMINAL_STATES

TERMINAL = frozenset(state.value for state in TERMINAL_STATES)
# how far along its flow a state is; an export showing an earlier state than an
# outcome the rules already assumed is older than that outcome
PROGRESS = {
    "awaiting_merchant": 0,
    "rejected": 1,
    "intervention": 1,
    "awaiting_return": 2,
    "return_shipped": 3,
    "refunded": 4,
    "closed": 4,
    "cancelled": 4,
}


# the steps the platform itself takes back along PROGRESS: a rejected buyer asks again
# (a new merchant timer, 2.4.1), a rejected return goes to intervention or is asked again
PLATFORM_STEPS_BACK = frozenset({
    ("rejected", "awaiting_merchant"),
    ("awaiting_return", "rejected"),
    ("return_shipped", "rejected"),
    ("awaiting_return", "intervention"),
    ("return_shipped", "intervention"),
})  # fmt: skip

# the facts of a case an export without their column keeps (its state's facts — state,
# start, platform deadline, assumed — are merge_imported_case's)
CASE_KEPT_UNLESS_SUPPLIED = ("shop", "shipped_at_application")

# Case columns only ShopClock's own template has (core.importers.presets
# "shopclock_cases"; no platform export has them): a file with one of them is the
# template — every export of ours has them, and so has the blank template — whose rows
# say whether a state is assumed only in their 按规则推定 column. (A file typed with
# the required columns alone counts as a platform export: the operator's word.)
TEMPLATE_ONLY_FIELDS = frozenset({"state_since", "cancellation_count", "shipped_at_application"})


def steps_back(new_state: str, stored_state: str) -> bool:
    """Does an export showing ``new_state`` go back along the flow from the stored
    state in a way the platform never does (待商家处理 after an agreement)?"""
    return (
        PROGRESS[new_state] < PROGRESS[stored_state]
        and (stored_state, new_state) not in PLATFORM_STEPS_BACK
    )


def merge_imported_case(
    row: dict[str, Any],
    stored: dict[str, Any],
    supplied: frozenset[str] | None = None,
    *,
    state_imported: bool = False,
) -> dict[str, Any]:
    """How a platform export updates a stored case.

    - Same state: the export repeats it; the stored start of the state, pinned pack
      version (None stays None: the import starts no timer), tracking number and
      platform deadline (when the file gives none: no column or an empty cell) are
      the better facts — an export without a "state since" column must not restart a
      running timer, nor one without 超时时间 turn the platform's deadline into a
      computed one. An assumed state is confirmed by a platform export, or by a
      template row whose 按规则推定 column says it is not assumed (see _confirms).
    - A closed case (refunded / closed / cancelled, not assumed) is not reopened by an
      export that still shows an earlier, open state: that export is stale.
    - An outcome assumed by rule stands against an export showing an earlier state,
      unless that export gives a platform deadline after the assumed outcome began
      (the platform says there is still time).
    - An export going back along the flow in a way the platform never does
      (steps_back):
      - when an import set the stored state (``state_imported``: the case's last
        state-setting event is that import), the export is an older file, unless it
        says its state began after the stored one did: the stored case stands;
      - when an action recorded here set it (待商家处理 after our recorded
        agreement, perhaps never made on the platform), the export is followed and its
        state began when it says (its 'state since', else the application), so a
        merchant deadline is never later than the platform's.
    - Any other new state began no earlier than the stored one did. A deadline the
      platform gave for the stored state never carries over to a new one.
    - The shop, and whether the order had shipped at application, stay as stored when
      the export has no column for them (``supplied``).
    """
    merged = dict(row)
    if supplied is not None:
        for name in CASE_KEPT_UNLESS_SUPPLIED:
            if name not in supplied:
                merged[name] = stored[name]
    merged["cancellation_count"] = max(row["cancellation_count"], stored["cancellation_count"])
    merged["tracking_no"] = row["tracking_no"] or stored["tracking_no"]
    if "****" in (row["reason"] or "") or not row["reason"]:  # a masked export's reason
        merged["reason"] = stored["reason"]
    if row["state"] == stored["state"]:
        merged["state_since"] = stored["state_since"]
        merged["pack_version"] = stored["pack_version"]
        if row["platform_deadline"] is None:
            merged["platform_deadline"] = stored["platform_deadline"]
        merged["assumed"] = stored["assumed"] and not _confirms(row, supplied)
        return merged
    if stored["state"] in TERMINAL and not stored["assumed"] and row["state"] not in TERMINAL:
        return dict(stored)
    if stored["assumed"] and PROGRESS[row["state"]] < PROGRESS[stored["state"]]:
        deadline = row["platform_deadline"]
        if deadline is None or deadline <= stored["state_since"]:
            return dict(stored)
    if steps_back(row["state"], stored["state"]):
        if state_imported and row["state_since"] <= stored["state_since"]:
            return dict(stored)  # an older export than the one that set the state
        # no platform step leads there: our record (an action recorded here, perhaps
        # never made on the platform) is ahead of the export. The state began when the
        # export says, not after our record: a merchant deadline counted from our
        # record's time would be later than the platform's.
        merged["state_since"] = row["state_since"]
    else:
        merged["state_since"] = max(row["state_since"], stored["state_since"])
    return merged


def _confirms(row: dict[str, Any], supplied: frozenset[str] | None) -> bool:
    """Does the row confirm its state as the platform's (not assumed by rule)? A row
    that says so does; a file without the 按规则推定 column does when it is a platform
    export (it shows the platform's own state), not when it is the template (an
    export of ShopClock's own records, assumed outcomes included)."""
    if supplied is None or "assumed" in supplied:
        return not row["assumed"]
    return supplied.isdisjoint(TEMPLATE_ONLY_FIELDS)


BUYER_FIELDS = ("buyer_name", "buyer_phone", "buyer_address")
_ITEM_SEPARATOR = "；"  # core.importers.objects.merge_sub_orders joins sub-order titles so


def merge_imported_order(
    row: dict[str, Any], stored: dict[str, Any], supplied: frozenset[str] | None = None
) -> dict[str, Any]:
    """An export updates the facts it has: a field it has no column for (``supplied``
    names those it has) or a cell it leaves empty keeps the stored value, and a masked
    buyer value (张*, 138****5678) never replaces the real one.

    A file of sub-order rows (Douyin: 主订单编号 + 子订单编号, folded into one order
    on import) may hold only some of an order's sub-orders — an export filtered by
    status. The store keeps one merged order, not its sub-orders, so such a file is
    told by what it lacks: a smaller amount, or an item of the stored title missing.
    It never shrinks the stored order: the amount stays the larger, the title keeps
    every item, the earliest payment and ship-by stand, and the order is shipped /
    received only when the stored order already was (an unseen sub-order may not
    be) and no sub-order new to the store is shown without it."""
    merged = dict(row)
    for name, value in row.items():
        masked = name in BUYER_FIELDS and isinstance(value, str) and "*" in value
        if (
            value is None
            or value == ""
            or masked
            or (supplied is not None and name not in supplied)
        ):
            merged[name] = stored[name]
    if supplied is not None and "sub_order_no" in supplied:
        _keep_unseen_sub_orders(merged, row, stored, supplied)
    return merged


def _items(title: str) -> set[str]:
    return {item for item in title.split(_ITEM_SEPARATOR) if item}


def _keep_unseen_sub_orders(
    merged: dict[str, Any], row: dict[str, Any], stored: dict[str, Any], supplied: frozenset[str]
) -> None:
    """See merge_imported_order: a file holding only some sub-orders of the order."""
    titled = "title" in supplied and bool(row["title"])
    shown, known = (_items(row["title"]) if titled else set()), _items(stored["title"])
    if row["amount_fen"] >= stored["amount_fen"] and not (titled and known - shown):
        return  # every stored item is there: the file holds the whole order
    merged["amount_fen"] = max(row["amount_fen"], stored["amount_fen"])
    items = [i for i in stored["title"].split(_ITEM_SEPARATOR) if i]
    items += [i for i in row["title"].split(_ITEM_SEPARATOR) if i and i not in known]
    merged["title"] = _ITEM_SEPARATOR.join(dict.fromkeys(items))
    merged["paid_at"] = min(row["paid_at"], stored["paid_at"])
    ship_by = [t for t in (row["ship_by"], stored["ship_by"]) if t is not None]
    merged["ship_by"] = min(ship_by) if ship_by else None
    new_items = bool(shown - known)
    for name in ("shipped_at", "received_at"):
        if stored[name] is None or (row[name] is None and new_items):
            merged[name] = None
        elif row[name] is not None:
            merged[name] = max(row[name], stored[name])
