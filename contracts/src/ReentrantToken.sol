// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title ReentrantToken
/// @notice TEST ONLY. A malicious ERC-20 that, once armed, calls back into a
/// target (the ChannelManager) from inside transfer and transferFrom, and
/// bubbles up the callback's revert so a test can see why it failed.
contract ReentrantToken is ERC20 {
    address private _target;
    bytes private _callData;

    constructor() ERC20("Reentrant Token", "EVIL") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice The next transfer or transferFrom calls target with data once.
    function arm(address target, bytes calldata data) external {
        _target = target;
        _callData = data;
    }

    function transfer(address to, uint256 value) public override returns (bool) {
        _attack();
        return super.transfer(to, value);
    }

    function transferFrom(address from, address to, uint256 value) public override returns (bool) {
        _attack();
        return super.transferFrom(from, to, value);
    }

    function _attack() private {
        address target = _target;
        if (target == address(0)) return;
        // Disarm first so the callback cannot recurse through us forever.
        _target = address(0);
        (bool ok, bytes memory ret) = target.call(_callData);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(ret, 0x20), mload(ret))
            }
        }
    }
}
